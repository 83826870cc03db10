import type pg from 'pg';
import { expect, it } from 'vitest';
import { ChangeSet } from '../../../src/storage/change-notifier';
import { claimOrchestrationWorkItems } from '../../../src/storage/postgres/postgres-claims';
import type { PostgresTables } from '../../../src/storage/postgres/postgres-tables';
import { describeIfPostgres } from '../../support/postgres';
import { usePlanSchema, withPlans } from './postgres-plan-setup';

const READY = 10_000;
const IN_FLIGHT = 64;
const BATCH = 32;

/**
 * An orchestration claim runs once per batch of work, so its cost must not grow with the number
 * of ready instances. On tables PostgreSQL has not analyzed, the planner expected a few rows and
 * read every instance of the hub, joined each to its messages and sorted them all on each claim.
 * The plans are read with auto_explain (shipped with PostgreSQL), nested statements included,
 * since the claim runs inside a function.
 */
describeIfPostgres('postgres storage: the orchestration claim plan', () => {
  const planSchema = usePlanSchema();

  /** Claims a batch and returns the claimed ids and the plan of the statement that picked them. */
  const claimWithPlan = async (db: pg.Client, tables: PostgresTables, now: number): Promise<{ ids: string[]; plan: string | undefined }> => {
    const { result, plans } = await withPlans(db, () =>
      claimOrchestrationWorkItems(db, tables, 'PlanHub', { owner: 'w', now, leaseMs: 1000, maxItems: BATCH }, new ChangeSet()),
    );
    return { ids: result.map((item) => item.instance.instanceId), plan: plans.find((plan) => plan.includes('FOR UPDATE OF i SKIP LOCKED')) };
  };

  it('walks the claim-order index and stops at the batch, without sorting, with and without statistics', async () => {
    const { db, tables } = await planSchema('oplan', (t) => [t.instances, t.messages]);
    await db.query(
      `INSERT INTO ${tables.instances} (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at)
       SELECT 'PlanHub', 'i' || lpad(g::text, 6, '0'), 'e', 'Work', 'Pending', g, g FROM generate_series(1, $1::integer) g`,
      [READY],
    );
    await db.query(
      `INSERT INTO ${tables.messages} (hub, instance_id, event, visible_at)
       SELECT 'PlanHub', 'i' || lpad(g::text, 6, '0'), '{"type":"ExecutionStarted"}', g FROM generate_series(1, $1::integer) g`,
      [READY],
    );
    await db.query(`UPDATE ${tables.instances} SET locked_by = 'other', lock_expires_at = 1000000000 WHERE created_at <= $1`, [IN_FLIGHT]);
    const expected = (first: number): string[] => Array.from({ length: BATCH }, (_, i) => `i${String(first + i).padStart(6, '0')}`);

    const unanalyzed = await claimWithPlan(db, tables, 100_000);
    expect(unanalyzed.ids).toEqual(expected(IN_FLIGHT + 1));
    await db.query(`ANALYZE ${tables.instances}`);
    await db.query(`ANALYZE ${tables.messages}`);
    const analyzed = await claimWithPlan(db, tables, 100_000);
    expect(analyzed.ids).toEqual(expected(IN_FLIGHT + BATCH + 1));

    for (const [plan, passedOver] of [
      [unanalyzed.plan, IN_FLIGHT],
      [analyzed.plan, IN_FLIGHT + BATCH],
    ] as const) {
      expect(plan).toBeDefined();
      expect(plan).toContain('Index Scan using orchestration_messages_in_claim_order');
      expect(plan).not.toMatch(/Sort|Bitmap|Seq Scan|Hash|Materialize/);
      // The walk reads the batch and the messages of leased instances ahead of it, not the backlog behind it.
      expect(plan).toMatch(new RegExp(`Index Scan using orchestration_messages_in_claim_order[^\\n]*rows=${BATCH + passedOver} loops=1`));
    }
  });
});
