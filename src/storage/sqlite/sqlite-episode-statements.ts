import type Database from 'better-sqlite3';
import type { EpisodeUpdateValues } from '../episode-update-values';
import { MultiRowInsert } from './sqlite-multi-row-insert';
import { prepare, type Stmt } from './sqlite-prepare';

/** The end of an episode on its instance row, and the fence it must pass to be written. */
export interface FencedEpisodeUpdateParams extends EpisodeUpdateValues {
  readonly hub: string;
  readonly instanceId: string;
  readonly owner: string;
  readonly executionId: string;
  readonly expectedHistoryLength: number;
  /** EpisodeCommit.leaseFreeAt, or null when the committer must hold the lease. */
  readonly leaseFreeAt: number | null;
  /** JSON array of the activity work items the episode consumed (each must be leased to `owner`), or null for none. */
  readonly completedIds: string | null;
  readonly entityState: string | null;
}

/** What an activity insert returns, to match the items created leased to their activities. */
export interface InsertedActivityRow {
  readonly work_item_id: number;
  readonly instance_id: string;
  readonly task_id: number;
  readonly locked_by: string | null;
}

/**
 * Statements of an episode batch commit (sqlite-episode-commit, sqlite-episode-writes): one
 * fenced update per episode, and set-based writes of the rows of many episodes at once.
 */
export interface EpisodeStatements {
  /**
   * Fence and update in one statement: changes the row only if the history length, execution
   * and lease (lease-fence.ts, written in SQL) are as the episode expects and every consumed
   * activity item is still leased to the committer; otherwise changes nothing.
   */
  readonly updateInstance: Stmt<FencedEpisodeUpdateParams>;
  /** Consumed inbox messages of many instances: `pairs` is a JSON array of [instanceId, messageId]. */
  readonly deleteMessages: Stmt<{ hub: string; pairs: string }>;
  /** Consumed activity items: `ids` is a JSON array of work item ids. */
  readonly deleteActivities: Stmt<{ hub: string; ids: string }>;
  /** Rows [instanceId, seq, event]. */
  readonly insertHistory: MultiRowInsert;
  /** Rows [instanceId, executionId, taskId, name, input, timeoutMs, visibleAt, lockedBy, lockExpiresAt]. */
  readonly insertActivities: MultiRowInsert<InsertedActivityRow>;
  /** Rows [instanceId, name, now]: entity rows created by their first message; returns the ones created. */
  readonly insertEntities: MultiRowInsert<{ instance_id: string }>;
  /** Rows [instanceId, event, visibleAt]. */
  readonly insertMessages: MultiRowInsert;
}

export function prepareEpisodeStatements(db: Database.Database): EpisodeStatements {
  return {
    updateInstance: prepare(db,
      `UPDATE instances SET runtime_status = @runtimeStatus,
         output = COALESCE(@output, output),
         failure_details = COALESCE(@failureDetails, failure_details),
         custom_status = COALESCE(@customStatus, custom_status),
         last_updated_at = @lastUpdatedAt,
         completed_at = COALESCE(@completedAt, completed_at),
         history_length = history_length + @appended,
         entity_state = COALESCE(@entityState, entity_state),
         locked_by = NULL, lock_expires_at = NULL
       WHERE hub = @hub AND instance_id = @instanceId
         AND history_length = @expectedHistoryLength AND execution_id = @executionId
         AND CASE WHEN @leaseFreeAt IS NULL THEN locked_by = @owner
           ELSE locked_by IS NULL OR COALESCE(lock_expires_at, 0) <= @leaseFreeAt END
         AND (@completedIds IS NULL OR NOT EXISTS (
           SELECT 1 FROM json_each(@completedIds) AS done WHERE NOT EXISTS (
             SELECT 1 FROM activity_items a WHERE a.work_item_id = done.value AND a.hub = @hub AND a.locked_by = @owner)))`,
    ),
    // Both deletes look rows up by key (`+hub` keeps the planner off the hub-wide index scan).
    deleteMessages: prepare(db,
      `DELETE FROM orchestration_messages WHERE hub = @hub
         AND (instance_id, message_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(@pairs))`,
    ),
    deleteActivities: prepare(db,
      'DELETE FROM activity_items WHERE +hub = @hub AND work_item_id IN (SELECT value FROM json_each(@ids))',
    ),
    insertHistory: new MultiRowInsert(db, 'INSERT INTO history (hub, instance_id, seq, event)', '?, column1, column2, column3', 3),
    insertActivities: new MultiRowInsert<InsertedActivityRow>(db,
      `INSERT INTO activity_items (hub, instance_id, execution_id, task_id, name, input, timeout_ms, visible_at,
         locked_by, lock_expires_at, dequeue_count)`,
      '?, column1, column2, column3, column4, column5, column6, column7, column8, column9, CASE WHEN column8 IS NULL THEN 0 ELSE 1 END',
      9,
      'work_item_id, instance_id, task_id, locked_by',
    ),
    insertEntities: new MultiRowInsert<{ instance_id: string }>(db,
      'INSERT OR IGNORE INTO instances (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)',
      "?, column1, '', column2, 'Running', column3, column3, 0",
      3,
      'instance_id',
    ),
    insertMessages: new MultiRowInsert(db,
      'INSERT INTO orchestration_messages (hub, instance_id, event, visible_at, dequeue_count)',
      '?, column1, column2, column3, 0',
      3,
    ),
  };
}
