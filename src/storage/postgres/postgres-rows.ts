import type { FailureDetails } from '../../model/failure-details';
import type { HistoryEvent } from '../../model/history-event';
import { isRuntimeStatus } from '../../model/runtime-status';
import { StorageError } from '../../model/errors/storage-error';
import type { ActivityWorkItem, InstanceRecord, OrchestrationMessage } from '../storage-records';

/** A `bigint` column as `pg` returns it (text), or a number when it came through JSON. */
export type Int8 = string | number;

/** Row shapes as `pg` returns them: NULL is null, bigint is text, integer is number. */
export interface InstanceRow {
  readonly instance_id: string;
  readonly execution_id: string;
  readonly name: string;
  readonly version: string | null;
  readonly runtime_status: string;
  readonly input: string | null;
  readonly output: string | null;
  readonly failure_details: string | null;
  readonly custom_status: string | null;
  readonly entity_state: string | null;
  readonly created_at: Int8;
  readonly last_updated_at: Int8;
  readonly completed_at: Int8 | null;
  readonly history_length: number;
  readonly locked_by: string | null;
  readonly lock_expires_at: Int8 | null;
}

export interface MessageRow {
  readonly message_id: Int8;
  readonly instance_id: string;
  readonly event: string;
  readonly visible_at: Int8;
  readonly dequeue_count: number;
}

export interface ActivityRow {
  readonly work_item_id: Int8;
  readonly instance_id: string;
  readonly execution_id: string;
  readonly task_id: number;
  readonly name: string;
  readonly input: string | null;
  readonly timeout_ms: Int8 | null;
  readonly dequeue_count: number;
  readonly lock_expires_at: Int8 | null;
}

/** Epoch ms and ids are far below 2^53, so a bigint converts to a number exactly. */
export function toNumber(value: Int8): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new StorageError(`Storage returned ${String(value)} where a safe integer was expected.`);
  return number;
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
    createdAt: new Date(toNumber(row.created_at)),
    lastUpdatedAt: new Date(toNumber(row.last_updated_at)),
    ...(row.completed_at !== null ? { completedAt: new Date(toNumber(row.completed_at)) } : {}),
    historyLength: row.history_length,
  };
}

export function toOrchestrationMessage(row: MessageRow): OrchestrationMessage {
  return {
    messageId: toNumber(row.message_id),
    instanceId: row.instance_id,
    event: parseEvent(row.event),
    visibleAt: toNumber(row.visible_at),
    dequeueCount: row.dequeue_count,
  };
}

export function toActivityWorkItem(row: ActivityRow): ActivityWorkItem {
  return {
    workItemId: toNumber(row.work_item_id),
    instanceId: row.instance_id,
    executionId: row.execution_id,
    taskId: row.task_id,
    name: row.name,
    ...(row.input !== null ? { input: row.input } : {}),
    ...(row.timeout_ms !== null ? { timeoutMs: toNumber(row.timeout_ms) } : {}),
    dequeueCount: row.dequeue_count,
    leaseExpiresAt: row.lock_expires_at === null ? 0 : toNumber(row.lock_expires_at),
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
