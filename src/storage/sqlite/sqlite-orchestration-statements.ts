import type Database from 'better-sqlite3';
import type { InstanceRow, InstanceStateRow } from './sqlite-rows';
import { prepare, type Stmt } from './sqlite-prepare';
import { HISTORY_OF_INSTANCE, INSERT_HISTORY_ROW } from './sqlite-history-schema';

/** Parameters shared by every statement: each query is scoped to one task hub. */
interface HubParams {
  readonly hub: string;
}
interface InstanceParams extends HubParams {
  readonly instanceId: string;
}

export interface NewInstanceParams extends InstanceParams {
  readonly executionId: string;
  readonly name: string;
  readonly version: string | null;
  readonly input: string | null;
  readonly createdAt: number;
  /** An eager start's lease (NewInstance.lease), else null. */
  readonly lockedBy: string | null;
  readonly lockExpiresAt: number | null;
}


/** Prepared statements over instances, history and the orchestration inbox. */
export interface OrchestrationStatements {
  readonly selectInstance: Stmt<InstanceParams, InstanceRow>;
  /** The columns that decide whether a write may go ahead, without the instance's payloads. */
  readonly selectInstanceState: Stmt<InstanceParams, InstanceStateRow>;
  /** Creates the instance row unless one has the id (then changes nothing). */
  readonly insertNewInstance: Stmt<NewInstanceParams>;
  readonly replaceInstance: Stmt<NewInstanceParams>;
  readonly deleteHistory: Stmt<InstanceParams>;
  readonly deleteMessages: Stmt<InstanceParams>;
  readonly deleteActivities: Stmt<InstanceParams>;
  readonly deleteExecutionMessages: Stmt<InstanceParams>;
  readonly insertEntityRow: Stmt<InstanceParams & { name: string; now: number }>;
  readonly deleteIdleEntity: Stmt<InstanceParams & { entityState: string | null; now: number }>;
  readonly markRewound: Stmt<InstanceParams & { historyLength: number; now: number }>;
  readonly resetExecution: Stmt<InstanceParams & { executionId: string; input: string | null }>;
  readonly selectHistory: Stmt<InstanceParams, { event: string }>;
  readonly insertHistory: Stmt<InstanceParams & { seq: number; event: string }>;
  readonly insertMessage: Stmt<InstanceParams & { event: string; visibleAt: number }>;
  /** A start's ExecutionStarted: counted as dequeued once when the start is leased to its starter. */
  readonly insertStartMessage: Stmt<InstanceParams & { event: string; visibleAt: number; dequeueCount: number }>;
  readonly selectClaimable: Stmt<HubParams & { now: number; limit: number }, { instance_id: string }>;
  readonly releaseLease: Stmt<InstanceParams & { owner: string }>;
  readonly delayMessages: Stmt<InstanceParams & { retryAt: number }>;
  readonly renewLease: Stmt<InstanceParams & { owner: string; expiresAt: number }>;
  readonly nextVisibleAt: Stmt<HubParams & { now: number }, { next: number | null }>;
  readonly pending: Stmt<HubParams & { now: number }, { pending: number; oldest: number | null }>;
}

const FREE_LEASE = '(locked_by IS NULL OR lock_expires_at <= @now)';

/** A new instance's row, before its first episode. */
function insertInstanceRow(verb: 'INSERT' | 'INSERT OR REPLACE'): string {
  return `${verb} INTO instances (hub, instance_id, execution_id, name, version, runtime_status, input,
      output, failure_details, custom_status, created_at, last_updated_at, completed_at, history_length,
      locked_by, lock_expires_at)
    VALUES (@hub, @instanceId, @executionId, @name, @version, 'Pending', @input,
      NULL, NULL, NULL, @createdAt, @createdAt, NULL, 0, @lockedBy, @lockExpiresAt)`;
}

export function prepareOrchestrationStatements(db: Database.Database): OrchestrationStatements {
  return {
    selectInstance: prepare(db, 'SELECT * FROM instances WHERE hub = @hub AND instance_id = @instanceId'),
    selectInstanceState: prepare(db, 'SELECT runtime_status, execution_id, history_length, locked_by, lock_expires_at FROM instances WHERE hub = @hub AND instance_id = @instanceId'),
    insertNewInstance: prepare(db, `${insertInstanceRow('INSERT')} ON CONFLICT (hub, instance_id) DO NOTHING`),
    replaceInstance: prepare(db, insertInstanceRow('INSERT OR REPLACE')),
    deleteHistory: prepare(db, `DELETE FROM history WHERE ${HISTORY_OF_INSTANCE}`),
    deleteMessages: prepare(db, 'DELETE FROM orchestration_messages WHERE hub = @hub AND instance_id = @instanceId'),
    deleteActivities: prepare(db, 'DELETE FROM activity_items WHERE hub = @hub AND instance_id = @instanceId'),
    deleteExecutionMessages: prepare(db,
      `DELETE FROM orchestration_messages WHERE hub = @hub AND instance_id = @instanceId
         AND json_extract(event, '$.type') NOT IN ('EventRaised', 'ExecutionTerminated', 'ExecutionSuspended', 'ExecutionResumed')`,
    ),
    insertEntityRow: prepare(db,
      `INSERT OR IGNORE INTO instances (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)
       VALUES (@hub, @instanceId, '', @name, 'Running', @now, @now, 0)`,
    ),
    deleteIdleEntity: prepare(db,
      `DELETE FROM instances WHERE hub = @hub AND instance_id = @instanceId AND entity_state IS @entityState
         AND (locked_by IS NULL OR lock_expires_at <= @now)
         AND NOT EXISTS (SELECT 1 FROM orchestration_messages m WHERE m.hub = @hub AND m.instance_id = @instanceId)`,
    ),
    markRewound: prepare(db,
      `UPDATE instances SET runtime_status = 'Running', output = NULL, failure_details = NULL, completed_at = NULL,
         history_length = @historyLength, last_updated_at = @now
       WHERE hub = @hub AND instance_id = @instanceId`,
    ),
    resetExecution: prepare(db,
      `UPDATE instances SET execution_id = @executionId, input = @input, output = NULL, failure_details = NULL,
         completed_at = NULL, history_length = 0
       WHERE hub = @hub AND instance_id = @instanceId`,
    ),
    selectHistory: prepare(db, `SELECT event FROM history WHERE ${HISTORY_OF_INSTANCE} ORDER BY seq`),
    insertHistory: prepare(db, INSERT_HISTORY_ROW),
    insertMessage: prepare(db, 
      `INSERT INTO orchestration_messages (hub, instance_id, event, visible_at, dequeue_count)
       VALUES (@hub, @instanceId, @event, @visibleAt, 0)`,
    ),
    insertStartMessage: prepare(db,
      `INSERT INTO orchestration_messages (hub, instance_id, event, visible_at, dequeue_count)
       VALUES (@hub, @instanceId, @event, @visibleAt, @dequeueCount)`,
    ),
    // instances_by_readiness in order: O(batch), plus the leased instances it passes over.
    selectClaimable: prepare(db,
      `SELECT instance_id FROM instances
       WHERE hub = @hub AND ready_at <= @now AND ${FREE_LEASE}
       ORDER BY ready_at, ready_id
       LIMIT @limit`,
    ),
    releaseLease: prepare(db, 
      `UPDATE instances SET locked_by = NULL, lock_expires_at = NULL
       WHERE hub = @hub AND instance_id = @instanceId AND locked_by = @owner`,
    ),
    delayMessages: prepare(db, 
      `UPDATE orchestration_messages SET visible_at = MAX(visible_at, @retryAt)
       WHERE hub = @hub AND instance_id = @instanceId`,
    ),
    renewLease: prepare(db, 
      `UPDATE instances SET lock_expires_at = @expiresAt
       WHERE hub = @hub AND instance_id = @instanceId AND locked_by = @owner`,
    ),
    nextVisibleAt: prepare(db, 
      'SELECT MIN(visible_at) AS next FROM orchestration_messages WHERE hub = @hub AND visible_at > @now',
    ),
    pending: prepare(db,
      'SELECT COUNT(*) AS pending, MIN(visible_at) AS oldest FROM orchestration_messages WHERE hub = @hub AND visible_at <= @now',
    ),
  };
}
