import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import type { NewMessage } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import { serializeEvent } from './sqlite-rows';

/** Queues a message inside the caller's transaction; an entity's row is created by its first message. */
export function insertMessage(orchestrations: OrchestrationStatements, hub: string, message: NewMessage, now: number, changes: ChangeSet): void {
  if (isEntityInstanceId(message.instanceId)) {
    const { name } = parseEntityId(message.instanceId);
    if (orchestrations.insertEntityRow.run({ hub, instanceId: message.instanceId, name, now }).changes > 0) changes.addInstance(message.instanceId);
  }
  orchestrations.insertMessage.run({ hub, instanceId: message.instanceId, event: serializeEvent(message.event), visibleAt: message.visibleAt });
  changes.addWork('orchestration');
}
