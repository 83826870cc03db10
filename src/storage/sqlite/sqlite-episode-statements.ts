import type Database from 'better-sqlite3';
import { insertRows, MultiRowStatement } from './sqlite-multi-row-statement';
import { prepare, type Stmt } from './sqlite-prepare';

/**
 * The end of an episode on its instance row, and the fence it must pass to be written:
 * [instanceId, executionId, expectedHistoryLength, runtimeStatus, output, failureDetails,
 * customStatus, lastUpdatedAt, completedAt, appended, entityState, leaseFreeAt, completedIds]
 * (leaseFreeAt: EpisodeCommit.leaseFreeAt, or null when the committer must hold the lease;
 * completedIds: a JSON array of the activity items the episode consumed, or null for none).
 */
export type EpisodeUpdateRow = readonly [
  string, string, number, string, string | null, string | null, string | null, number, number | null, number, string | null, number | null, string | null,
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
  /** Consumed inbox messages of many instances: `pairs` is a JSON array of [instanceId, messageId]. */
  readonly deleteMessages: Stmt<{ hub: string; pairs: string }>;
  /** Consumed activity items: `ids` is a JSON array of work item ids; returns the ids of those that were there. */
  readonly deleteActivities: Stmt<{ hub: string; ids: string }, { work_item_id: number }>;
  /** Rows [instanceId, seq, event]. */
  readonly insertHistory: MultiRowStatement;
  /** Rows [instanceId, executionId, taskId, name, input, timeoutMs, visibleAt, lockedBy, lockExpiresAt]. */
  readonly insertActivities: MultiRowStatement<InsertedActivityRow>;
  /** Rows [instanceId, name, now]: entity rows created by their first message; returns the ones created. */
  readonly insertEntities: MultiRowStatement<{ instance_id: string }>;
  /** Rows [instanceId, event, visibleAt]. */
  readonly insertMessages: MultiRowStatement;
}

export function prepareEpisodeStatements(db: Database.Database): EpisodeStatements {
  return {
    updateInstances: new MultiRowStatement<{ instance_id: string }>(db, (values) =>
      `UPDATE instances SET runtime_status = e.column4,
         output = COALESCE(e.column5, output),
         failure_details = COALESCE(e.column6, failure_details),
         custom_status = COALESCE(e.column7, custom_status),
         last_updated_at = e.column8,
         completed_at = COALESCE(e.column9, completed_at),
         history_length = history_length + e.column10,
         entity_state = COALESCE(e.column11, entity_state),
         locked_by = NULL, lock_expires_at = NULL
       FROM (${values}) AS e
       WHERE e.column1 IS NOT NULL AND instances.hub = @hub AND instances.instance_id = e.column1
         AND instances.execution_id = e.column2 AND instances.history_length = e.column3
         AND CASE WHEN e.column12 IS NULL THEN instances.locked_by = @owner
           ELSE instances.locked_by IS NULL OR COALESCE(instances.lock_expires_at, 0) <= e.column12 END
         AND (e.column13 IS NULL OR NOT EXISTS (
           SELECT 1 FROM json_each(e.column13) AS done WHERE NOT EXISTS (
             SELECT 1 FROM activity_items a WHERE a.work_item_id = done.value AND a.hub = @hub AND a.locked_by = @owner)))
       RETURNING instance_id`,
      13,
    ),
    // Both deletes look rows up by key (`+hub` keeps the planner off the hub-wide index scan).
    deleteMessages: prepare(db,
      `DELETE FROM orchestration_messages WHERE hub = @hub
         AND (instance_id, message_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(@pairs))`,
    ),
    deleteActivities: prepare(db,
      'DELETE FROM activity_items WHERE +hub = @hub AND work_item_id IN (SELECT value FROM json_each(@ids)) RETURNING work_item_id',
    ),
    insertHistory: insertRows(db, 'INSERT INTO history (hub, instance_id, seq, event)', '@hub, column1, column2, column3', 3),
    insertActivities: insertRows<InsertedActivityRow>(db,
      `INSERT INTO activity_items (hub, instance_id, execution_id, task_id, name, input, timeout_ms, visible_at,
         locked_by, lock_expires_at, dequeue_count)`,
      '@hub, column1, column2, column3, column4, column5, column6, column7, column8, column9, CASE WHEN column8 IS NULL THEN 0 ELSE 1 END',
      9,
      'work_item_id, instance_id, task_id, locked_by',
    ),
    insertEntities: insertRows<{ instance_id: string }>(db,
      'INSERT OR IGNORE INTO instances (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)',
      "@hub, column1, '', column2, 'Running', column3, column3, 0",
      3,
      'instance_id',
    ),
    insertMessages: insertRows(db,
      'INSERT INTO orchestration_messages (hub, instance_id, event, visible_at, dequeue_count)',
      '@hub, column1, column2, column3, 0',
      3,
    ),
  };
}
