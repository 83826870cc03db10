import type { FailureDetails } from '../../model/failure-details';
import type { HistoryEvent } from '../../model/history-event';
import { isRuntimeStatus } from '../../model/runtime-status';
import { StorageError } from '../../model/errors/storage-error';
import type { ActivityWorkItem, InstanceRecord, OrchestrationMessage } from '../storage-records';
import type { TransferInstanceRow } from '../transfer/transfer-instance-row';

/** Row shapes as better-sqlite3 returns them (NULL columns come back as null). */
export interface InstanceRow extends TransferInstanceRow {
  readonly locked_by: string | null;
  readonly lock_expires_at: number | null;
}

/** The instance columns a send, a start or an episode commit checks before writing. */
export type InstanceStateRow = Pick<InstanceRow, 'runtime_status' | 'execution_id' | 'history_length' | 'locked_by' | 'lock_expires_at'>;

export interface MessageRow {
  readonly message_id: number;
  readonly instance_id: string;
  readonly event: string;
  readonly visible_at: number;
  readonly dequeue_count: number;
}

export interface ActivityRow {
  readonly work_item_id: number;
  readonly instance_id: string;
  readonly execution_id: string;
  readonly task_id: number;
  readonly name: string;
  readonly input: string | null;
  readonly timeout_ms: number | null;
  readonly dequeue_count: number;
  readonly lock_expires_at: number | null;
}

/** Absent optional fields stay absent (never null) in the records handed out. */
export function toInstanceRecord(row: InstanceRow): InstanceRecord {
  if (!isRuntimeStatus(row.runtime_status)) {
    throw new StorageError(`Instance '${row.instance_id}' has an unknown runtime status '${row.runtime_status}' in storage.`);
  }
  return {
    instanceId: row.instance_id,
    executionId: row.execution_id,
    name: row.name,
    ...(row.version !== null ? { version: row.version } : {}),
    runtimeStatus: row.runtime_status,
    ...(row.input !== null ? { input: row.input } : {}),
    ...(row.output !== null ? { output: row.output } : {}),
    ...(row.failure_details !== null ? { failureDetails: JSON.parse(row.failure_details) as FailureDetails } : {}),
    ...(row.custom_status !== null ? { customStatus: row.custom_status } : {}),
    ...(row.entity_state != null ? { entityState: row.entity_state } : {}),
    createdAt: new Date(row.created_at),
    lastUpdatedAt: new Date(row.last_updated_at),
    ...(row.completed_at !== null ? { completedAt: new Date(row.completed_at) } : {}),
    historyLength: row.history_length,
  };
}

export function toOrchestrationMessage(row: MessageRow): OrchestrationMessage {
  return {
    messageId: row.message_id,
    instanceId: row.instance_id,
    event: parseEvent(row.event),
    visibleAt: row.visible_at,
    dequeueCount: row.dequeue_count,
  };
}

export function toActivityWorkItem(row: ActivityRow): ActivityWorkItem {
  return {
    workItemId: row.work_item_id,
    instanceId: row.instance_id,
    executionId: row.execution_id,
    taskId: row.task_id,
    name: row.name,
    ...(row.input !== null ? { input: row.input } : {}),
    ...(row.timeout_ms !== null ? { timeoutMs: row.timeout_ms } : {}),
    dequeueCount: row.dequeue_count,
    leaseExpiresAt: row.lock_expires_at ?? 0,
  };
}

export function parseEvent(text: string): HistoryEvent {
  return JSON.parse(text) as HistoryEvent;
}

/** JSON text of a history event; throws (inside the caller's transaction) if it cannot be serialised. */
export function serializeEvent(event: HistoryEvent): string {
  const text = JSON.stringify(event) as string | undefined;
  if (typeof text !== 'string') throw new StorageError(`History event ${String(event)} has no JSON form.`);
  return text;
}
