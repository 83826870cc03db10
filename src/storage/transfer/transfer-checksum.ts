import { createHash } from 'node:crypto';
import type { TransferInstance } from './transfer-records';
import { transferInstanceColumns } from './transfer-instance-row';

/**
 * The SHA-256 (hex) of an instance's content in a fixed field order: equal in every store that
 * holds the same instance, and different as soon as one stored value, event, message or activity
 * item differs. Message and work item ids are not part of it (each store numbers its own rows).
 */
export function transferChecksum(instance: TransferInstance): string {
  const canonical = [
    instance.instanceId,
    ...transferInstanceColumns(instance),
    instance.history,
    instance.messages.map((m) => [m.event, m.visibleAt, m.dequeueCount]),
    instance.activities.map((a) => [a.executionId, a.taskId, a.name, a.input, a.visibleAt, a.dequeueCount]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
