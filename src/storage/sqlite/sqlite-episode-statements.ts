import type Database from 'better-sqlite3';
import { insertRows, MultiRowStatement } from './sqlite-multi-row-statement';
import { instanceCreatedAt } from './sqlite-history-schema';

/**
 * The end of an episode on its instance row, and the fence it must pass to be written:
 * [instanceId, executionId, expectedHistoryLength, runtimeStatus, output, failureDetails,
 * customStatus, lastUpdatedAt, completedAt, appended, entityState, leaseFreeAt, completedId,
 * completedIds] (leaseFreeAt: EpisodeCommit.leaseFreeAt, or null when the committer must hold
 * the lease; the activity items the episode consumed: completedId when it is one, completedIds
 * a JSON array when more, else both null).
 */
export type EpisodeUpdateRow = readonly [
  string, string, number, string, string | null, string | null, string | null, number, number | null, number, string | null, number | null, number | null, string | null,
];

/** What an activity insert returns, to match the items created leased to their activities. */
export interface InsertedActivityRow {
  readonly work_item_id: number;
  readonly instance_id: string;
  readonly task_id: number;
  readonly locked_by: string | null;
}

/**
 * Statements of an episode batch commit (sqlite-episode-commit, sqlite-episode-writes): set-based
 * writes of the rows of many episodes at once.
 */
export interface EpisodeStatements {
  /**
   * Fence and update in one statement, for episodes of distinct instances (EpisodeUpdateRow;
   * named: hub, owner): changes an instance row only if its history length, execution and lease
   * (lease-fence.ts, written in SQL) are as the episode expects and every activity item it
   * consumed is still leased to `owner`; returns the instances it changed.
   */
  readonly updateInstances: MultiRowStatement<{ instance_id: string }>;
  /** Consumed inbox messages: rows [instanceId, messageId]. */
  readonly deleteMessages: MultiRowStatement;
  /** Consumed activity items: rows [workItemId]. */
  readonly deleteActivities: MultiRowStatement<{ work_item_id: number }>;
  /** As deleteActivities, returning the ids of the items that were there. */
  readonly takeActivities: MultiRowStatement<{ work_item_id: number }>;
  /** Rows [instanceId, seq, event], of instances whose rows exist (their creation time keys the rows). */
  readonly insertHistory: MultiRowStatement;
  /** Rows [instanceId, executionId, taskId, name, input, timeoutMs, visibleAt, lockedBy, lockExpiresAt, dequeueCount]. */
  readonly insertActivities: MultiRowStatement<InsertedActivityRow>;
  /** Rows [instanceId, name, now]: entity rows created by their first message; returns the ones created. */
  readonly insertEntities: MultiRowStatement<{ instance_id: string }>;
  /** Rows [instanceId, event, visibleAt]. */
  readonly insertMessages: MultiRowStatement;
}

/** `c(from), c(from + 1), …, c(to)`. */
function columns(c: (n: number) => string, from: number, to: number): string {
  return Array.from({ length: to - from + 1 }, (_, i) => c(from + i)).join(', ');
}

/** Deletes activity items by id (`+hub`: by key, not by a scan of the hub's index); `returnIds`: returns those that were there. */
function deleteActivityRows(db: Database.Database, returnIds: boolean): MultiRowStatement<{ work_item_id: number }> {
  return new MultiRowStatement<{ work_item_id: number }>(db, ({ single, from, column: c, returning }) => {
      const tail = returnIds ? returning('work_item_id') : '';
      return single
        ? `DELETE FROM activity_items WHERE +hub = @hub AND work_item_id = ${c(1)}${tail}`
        : `DELETE FROM activity_items WHERE +hub = @hub AND work_item_id IN (SELECT ${c(1)} ${from})${tail}`;
    },
    1,
    (row, { changes }) => (changes > 0 ? [{ work_item_id: Number(row[0]) }] : []),
  );
}

export function prepareEpisodeStatements(db: Database.Database): EpisodeStatements {
  return {
    updateInstances: new MultiRowStatement<{ instance_id: string }>(db, ({ from, real, column: c, returning }) =>
      `UPDATE instances SET runtime_status = ${c(4)},
         output = COALESCE(${c(5)}, output),
         failure_details = COALESCE(${c(6)}, failure_details),
         custom_status = COALESCE(${c(7)}, custom_status),
         last_updated_at = ${c(8)},
         completed_at = COALESCE(${c(9)}, completed_at),
         history_length = history_length + ${c(10)},
         entity_state = COALESCE(${c(11)}, entity_state),
         locked_by = NULL, lock_expires_at = NULL
       ${from}
       WHERE ${real} AND instances.hub = @hub AND instances.instance_id = ${c(1)}
         AND instances.execution_id = ${c(2)} AND instances.history_length = ${c(3)}
         AND CASE WHEN ${c(12)} IS NULL THEN instances.locked_by = @owner
           ELSE instances.locked_by IS NULL OR COALESCE(instances.lock_expires_at, 0) <= ${c(12)} END
         AND (${c(13)} IS NULL OR EXISTS (
           SELECT 1 FROM activity_items a WHERE a.work_item_id = ${c(13)} AND a.hub = @hub AND a.locked_by = @owner))
         AND (${c(14)} IS NULL OR NOT EXISTS (
           SELECT 1 FROM json_each(${c(14)}) AS done WHERE NOT EXISTS (
             SELECT 1 FROM activity_items a WHERE a.work_item_id = done.value AND a.hub = @hub AND a.locked_by = @owner)))
       ${returning('instance_id')}`,
      14,
      (row, { changes }) => (changes > 0 ? [{ instance_id: String(row[0]) }] : []),
    ),
    // Both deletes look rows up by key (`+hub` keeps the planner off the hub-wide index scan).
    deleteMessages: new MultiRowStatement(db, ({ single, from, column: c }) =>
      single
        ? `DELETE FROM orchestration_messages WHERE hub = @hub AND instance_id = ${c(1)} AND message_id = ${c(2)}`
        : `DELETE FROM orchestration_messages WHERE hub = @hub AND (instance_id, message_id) IN (SELECT ${c(1)}, ${c(2)} ${from})`,
      2,
    ),
    deleteActivities: deleteActivityRows(db, false),
    takeActivities: deleteActivityRows(db, true),
    insertHistory: insertRows(db, 'INSERT INTO history (hub, instance_created_at, instance_id, seq, event)', (c) => `@hub, ${instanceCreatedAt(c(1))}, ${c(1)}, ${c(2)}, ${c(3)}`, 3),
    insertActivities: insertRows<InsertedActivityRow>(db,
      `INSERT INTO activity_items (hub, instance_id, execution_id, task_id, name, input, timeout_ms, visible_at,
         locked_by, lock_expires_at, dequeue_count)`,
      (c) => `@hub, ${columns(c, 1, 10)}`,
      10,
      {
        list: 'work_item_id, instance_id, task_id, locked_by',
        oneRowResult: (row, { lastInsertRowid }) => [{ work_item_id: Number(lastInsertRowid), instance_id: String(row[0]), task_id: Number(row[2]), locked_by: row[7] === null ? null : String(row[7]) }],
      },
    ),
    insertEntities: insertRows<{ instance_id: string }>(db,
      'INSERT OR IGNORE INTO instances (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)',
      (c) => `@hub, ${c(1)}, '', ${c(2)}, 'Running', ${c(3)}, ${c(3)}, 0`,
      3,
      { list: 'instance_id', oneRowResult: (row, { changes }) => (changes > 0 ? [{ instance_id: String(row[0]) }] : []) },
    ),
    insertMessages: insertRows(db,
      'INSERT INTO orchestration_messages (hub, instance_id, event, visible_at, dequeue_count)',
      (c) => `@hub, ${columns(c, 1, 3)}, 0`,
      3,
    ),
  };
}
