import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { prepareActivityStatements } from '../../../src/storage/sqlite/sqlite-activity-statements';
import { openSqliteDatabase } from '../../../src/storage/sqlite/sqlite-connection';
import { resolveSqliteStorageOptions } from '../../../src/storage/sqlite/sqlite-options';
import { prepareOrchestrationStatements } from '../../../src/storage/sqlite/sqlite-orchestration-statements';
import { prepareEpisodeStatements } from '../../../src/storage/sqlite/sqlite-episode-statements';
import { ROW_CHUNK_SIZES } from '../../../src/storage/sqlite/sqlite-multi-row-statement';

/** The query plan of `source` bound with `params` (and `positional` values before them), one step a line. */
function planOf(db: Database.Database, source: string, params: object, positional: readonly null[] = []): string {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${source}`)
    .all(...positional, params)
    .map((row) => row.detail)
    .join('\n');
}

function withDatabase(body: (db: Database.Database) => void): void {
  const db = openSqliteDatabase(resolveSqliteStorageOptions({ path: ':memory:', hubName: 'PlanHub' }));
  try {
    body(db);
  } finally {
    db.close();
  }
}

const CLAIM = { hub: 'PlanHub', now: 0, limit: 32 };
const LEASE = { ...CLAIM, owner: 'w', expiresAt: 1 };

/**
 * A claim runs once per batch of work, so its cost must not grow with the queue: a claim that
 * sorts every visible item made a fan-out of 10,000 activities quadratic (each of its ~1,000
 * claims sorted the whole remaining queue).
 */
describe('SQLite claim query plans', () => {
  it('claims activities by walking the visibility index, without sorting the queue', () => {
    withDatabase((db) => {
      const { selectClaimable, leaseClaimable } = prepareActivityStatements(db);
      const plan = planOf(db, selectClaimable.source, CLAIM);
      expect(plan).toContain('activity_items_by_visibility');
      expect(plan).not.toContain('TEMP B-TREE');
      // The lease looks each chosen item up by its key: a scan of the hub's items would make every claim O(queue).
      const lease = planOf(db, leaseClaimable.source, LEASE);
      expect(lease).toContain('activity_items_by_visibility');
      expect(lease).toContain('INTEGER PRIMARY KEY');
      expect(lease).not.toContain('TEMP B-TREE');
      expect(lease).not.toContain('activity_items_by_instance');
    });
  });

  it('claims instances by walking the readiness index and takes their messages by instance', () => {
    withDatabase((db) => {
      const { leaseClaimable, dequeueVisibleMessages } = prepareOrchestrationStatements(db);
      const lease = planOf(db, leaseClaimable.source, LEASE);
      expect(lease).toContain('instances_by_readiness');
      expect(lease).not.toContain('TEMP B-TREE');
      const messages = planOf(db, dequeueVisibleMessages.source, { hub: 'PlanHub', now: 0, instanceIds: '[]' });
      expect(messages).toMatch(/SEARCH orchestration_messages USING .*INDEX orchestration_messages_by_instance/);
    });
  });
});

/**
 * An episode batch's statements look up each row they touch by its key: a scan of a hub's rows
 * would make every commit grow with the number of instances or queued items.
 */
describe('SQLite episode commit query plans', () => {
  it('fences and updates instance rows by key, and checks and deletes consumed items by key', () => {
    withDatabase((db) => {
      const { updateInstances, deleteActivities, deleteMessages } = prepareEpisodeStatements(db);
      for (const size of ROW_CHUNK_SIZES) {
        const plan = planOf(db, updateInstances.sourceFor(size), { hub: 'PlanHub', owner: 'w' }, Array<null>(updateInstances.width * size).fill(null));
        expect(plan).toMatch(/SEARCH instances USING INDEX sqlite_autoindex_instances_1 \(hub=\? AND instance_id=\?\)/);
        expect(plan).toMatch(/SEARCH a USING INTEGER PRIMARY KEY/);
        expect(plan).not.toMatch(/SCAN instances|SCAN a\b/);
      }
      expect(planOf(db, deleteActivities.source, { hub: 'PlanHub', ids: '[]' })).toMatch(/SEARCH activity_items USING INTEGER PRIMARY KEY/);
      expect(planOf(db, deleteMessages.source, { hub: 'PlanHub', pairs: '[]' })).toMatch(/SEARCH orchestration_messages USING .*INDEX \S+ \(hub=\? AND instance_id=\? AND message_id=\?\)/);
    });
  });
});
