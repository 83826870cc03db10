import { expect, it } from 'vitest';
import { claimActivityWorkItems } from '../../../src/storage/postgres/postgres-activity-claim';
import { describeIfPostgres } from '../../support/postgres';
import { usePlanSchema, withPlans } from './postgres-plan-setup';

const QUEUED = 10_000;
const IN_FLIGHT = 64;
const BATCH = 32;

/**
 * A claim runs once per batch of work, so its cost must not grow with the queue. On tables
 * PostgreSQL has not analyzed (a new deployment, or a burst before autovacuum runs) the planner
 * expected a few rows and fetched and sorted every visible item of the hub on each claim, which
 * made a fan-out of 10,000 activities quadratic. The plans are read with auto_explain (shipped
 * with PostgreSQL), nested statements included, since the claim runs inside a function.
 */
describeIfPostgres('postgres storage: the activity claim plan', () => {
  const planSchema = usePlanSchema();

  it('walks the visibility index and stops at the batch, without sorting the queue, on a table without statistics', async () => {
    const { db, tables } = await planSchema('plan', (t) => [t.activities]);
    await db.query(
      `INSERT INTO ${tables.activities} (hub, instance_id, execution_id, task_id, name, input, visible_at)
       SELECT 'PlanHub', 'fan', 'fan-1', g, 'Work', '1', 1000 FROM generate_series(1, $1::integer) g`,
      [QUEUED],
    );
    await db.query(`UPDATE ${tables.activities} SET locked_by = 'other', lock_expires_at = 1000000 WHERE task_id <= $1`, [IN_FLIGHT]);

    const { result: claimed, plans } = await withPlans(db, () =>
      claimActivityWorkItems(db, tables, 'PlanHub', { owner: 'w', now: 2000, leaseMs: 1000, maxItems: BATCH }),
    );

    expect(claimed.map((item) => item.taskId)).toEqual(Array.from({ length: BATCH }, (_, i) => IN_FLIGHT + 1 + i));
    const claimPlan = plans.find((plan) => plan.includes('FOR UPDATE SKIP LOCKED'));
    expect(claimPlan).toBeDefined();
    expect(claimPlan).toContain('Index Scan using activity_items_by_visibility');
    expect(claimPlan).not.toMatch(/Sort/);
    // The scan reads the batch and the in-flight items ahead of it, not the queue behind it.
    expect(claimPlan).toMatch(/Index Scan using activity_items_by_visibility[^\n]*rows=32 loops=1/);
  });
});
