import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { prepareActivityStatements } from '../../../src/storage/sqlite/sqlite-activity-statements';
import { openSqliteDatabase } from '../../../src/storage/sqlite/sqlite-connection';
import { prepareEpisodeStatements } from '../../../src/storage/sqlite/sqlite-episode-statements';
import { ROW_CHUNK_SIZES } from '../../../src/storage/sqlite/sqlite-multi-row-statement';
import { resolveSqliteStorageOptions } from '../../../src/storage/sqlite/sqlite-options';
import { prepareOrchestrationStatements } from '../../../src/storage/sqlite/sqlite-orchestration-statements';
import { deleteHistoryOf } from '../../../src/storage/sqlite/sqlite-history-schema';
import { prepareOrchestrationClaimStatements } from '../../../src/storage/sqlite/sqlite-orchestration-claim-statements';

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

/**
 * A claim runs once per batch of work, so its cost must not grow with the queue: a claim that
 * sorts every visible item made a fan-out of 10,000 activities quadratic (each of its ~1,000
 * claims sorted the whole remaining queue).
 */
describe('SQLite claim query plans', () => {
  it('claims activities by walking the visibility index, without sorting the queue', () => {
    withDatabase((db) => {
      const { selectClaimable } = prepareActivityStatements(db);
      const plan = planOf(db, selectClaimable.source, { hub: 'PlanHub', now: 0, limit: 32 });
      expect(plan).toContain('activity_items_by_visibility');
      expect(plan).not.toContain('TEMP B-TREE');
    });
  });

  it('leases the chosen instances and reads them and their visible messages by key', () => {
    withDatabase((db) => {
      const claims = prepareOrchestrationClaimStatements(db);
      for (const size of ROW_CHUNK_SIZES) {
        const positional = size === 1 ? [] : Array<null>(size).fill(null);
        const params = { hub: 'PlanHub', owner: 'w', now: 0, expiresAt: 1, ...(size === 1 ? { c1: null } : {}) };
        expect(planOf(db, claims.leaseInstances.sourceFor(size), params, positional)).toMatch(/SEARCH instances USING INDEX sqlite_autoindex_instances_1 \(hub=\? AND instance_id=\?\)/);
        expect(planOf(db, claims.selectInstances.sourceFor(size), { hub: 'PlanHub', ...(size === 1 ? { c1: null } : {}) }, positional)).toMatch(/SEARCH instances USING INDEX sqlite_autoindex_instances_1 \(hub=\? AND instance_id=\?\)/);
        for (const statement of [claims.countVisibleMessages, claims.selectVisibleMessages]) {
          const plan = planOf(db, statement.sourceFor(size), { hub: 'PlanHub', now: 0, ...(size === 1 ? { c1: null } : {}) }, positional);
          expect(plan).toMatch(/SEARCH orchestration_messages USING .*INDEX orchestration_messages_by_instance\S* \(hub=\? AND instance_id=\?/);
        }
      }
    });
  });

  it('leases and reads the chosen activities by key', () => {
    withDatabase((db) => {
      const { leaseActivities, selectActivities } = prepareActivityStatements(db);
      const named = { hub: 'PlanHub', owner: 'w', now: 0, expiresAt: 1 };
      for (const size of ROW_CHUNK_SIZES) {
        const positional = size === 1 ? [] : Array<null>(size).fill(null);
        const params = size === 1 ? { ...named, c1: null } : named;
        for (const statement of [leaseActivities, selectActivities]) {
          const plan = planOf(db, statement.sourceFor(size), statement === selectActivities ? { hub: 'PlanHub', ...(size === 1 ? { c1: null } : {}) } : params, positional);
          expect(plan).toMatch(/SEARCH activity_items USING INTEGER PRIMARY KEY/);
          expect(plan).not.toContain('activity_items_by_instance');
        }
      }
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
      const named = { hub: 'PlanHub', owner: 'w' };
      for (const size of ROW_CHUNK_SIZES) {
        const padding = (width: number): null[] => (size === 1 ? [] : Array<null>(width * size).fill(null));
        const params = (width: number): object => (size === 1 ? { ...named, ...Object.fromEntries(Array.from({ length: width }, (_, i) => [`c${i + 1}`, null])) } : named);
        const plan = planOf(db, updateInstances.sourceFor(size), params(updateInstances.width), padding(updateInstances.width));
        expect(plan).toMatch(/SEARCH instances USING INDEX sqlite_autoindex_instances_1 \(hub=\? AND instance_id=\?\)/);
        expect(plan).toMatch(/SEARCH a USING INTEGER PRIMARY KEY/);
        expect(plan).not.toMatch(/SCAN instances|SCAN a\b/);
        expect(planOf(db, deleteActivities.sourceFor(size), params(1), padding(1))).toMatch(/SEARCH activity_items USING INTEGER PRIMARY KEY/);
        expect(planOf(db, deleteMessages.sourceFor(size), params(2), padding(2))).toMatch(/SEARCH orchestration_messages USING (INTEGER PRIMARY KEY|.*INDEX \S+ \(hub=\? AND instance_id=\? AND message_id=\?\))/);
      }
    });
  });
});

/**
 * An instance's history is found by its creation time and id (the key's leading columns), never
 * by a scan of the hub's history.
 */
describe('SQLite history query plans', () => {
  const byKey = /SEARCH history USING (COVERING )?INDEX sqlite_autoindex_history_1 \(hub=\? AND instance_created_at=\? AND instance_id=\?\)/;

  it('reads and deletes one instance\'s history by key', () => {
    withDatabase((db) => {
      const { selectHistory, deleteHistory } = prepareOrchestrationStatements(db);
      for (const statement of [selectHistory, deleteHistory]) {
        const plan = planOf(db, statement.source, { hub: 'PlanHub', instanceId: 'i' });
        expect(plan).toMatch(byKey);
        expect(plan).not.toMatch(/SCAN history/);
      }
    });
  });

  it('purges the history of the instances it deletes by key', () => {
    withDatabase((db) => {
      const plan = planOf(db, deleteHistoryOf("hub = @hub AND runtime_status = 'Completed'"), { hub: 'PlanHub' });
      expect(plan).not.toMatch(/SCAN history/);
      expect(plan).toMatch(/SEARCH history USING (COVERING )?INDEX sqlite_autoindex_history_1 \(hub=\? AND instance_created_at=\? AND instance_id=\?\)/);
    });
  });
});
