import { describe, expect, it } from 'vitest';
import { prepareActivityStatements } from '../../../src/storage/sqlite/sqlite-activity-statements';
import { openSqliteDatabase } from '../../../src/storage/sqlite/sqlite-connection';
import { resolveSqliteStorageOptions } from '../../../src/storage/sqlite/sqlite-options';

/**
 * A claim runs once per batch of work, so its cost must not grow with the queue: a claim that
 * sorts every visible item made a fan-out of 10,000 activities quadratic (each of its ~1,000
 * claims sorted the whole remaining queue).
 */
describe('SQLite claim query plans', () => {
  it('claims activities by walking the visibility index, without sorting the queue', () => {
    const db = openSqliteDatabase(resolveSqliteStorageOptions({ path: ':memory:', hubName: 'PlanHub' }));
    try {
      const { selectClaimable } = prepareActivityStatements(db);
      const plan = db
        .prepare<{ hub: string; now: number; limit: number }, { detail: string }>(`EXPLAIN QUERY PLAN ${selectClaimable.source}`)
        .all({ hub: 'PlanHub', now: 0, limit: 32 })
        .map((row) => row.detail)
        .join('\n');
      expect(plan).toContain('activity_items_by_visibility');
      expect(plan).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });
});
