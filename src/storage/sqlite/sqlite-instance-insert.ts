import { isRuntimeStatus, isTerminalStatus, type RuntimeStatus } from '../../model/runtime-status';
import type { NewInstance } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import { serializeEvent } from './sqlite-rows';

/**
 * Inside the caller's transaction: creates the instance and queues its ExecutionStarted, or, if
 * a live (non-terminal) instance has the id, writes nothing and returns that instance's status.
 * A finished instance with the id is replaced: its history, inbox and activity items go, unless
 * `idReuse` is 'never': then it is refused like a live one.
 */
export function insertInstance(
  orchestrations: OrchestrationStatements,
  hub: string,
  instance: NewInstance,
  changes: ChangeSet,
): RuntimeStatus | undefined {
  const key = { hub, instanceId: instance.instanceId };
  const row = {
    ...key,
    executionId: instance.executionId,
    name: instance.name,
    version: instance.version ?? null,
    input: instance.input ?? null,
    createdAt: instance.createdAt,
  };
  // A new id (the usual case) costs one statement; only a taken one is read and maybe replaced.
  if (orchestrations.insertNewInstance.run(row).changes === 0) {
    const existing = orchestrations.selectInstanceState.get(key);
    if (existing !== undefined) {
      const status = isRuntimeStatus(existing.runtime_status) ? existing.runtime_status : 'Running';
      if (!isTerminalStatus(status) || instance.idReuse === 'never') return status;
      orchestrations.deleteHistory.run(key);
      orchestrations.deleteMessages.run(key);
      orchestrations.deleteActivities.run(key);
    }
    orchestrations.replaceInstance.run(row);
  }
  orchestrations.insertMessage.run({ ...key, event: serializeEvent(instance.startEvent), visibleAt: instance.visibleAt ?? instance.createdAt });
  changes.addInstance(instance.instanceId);
  changes.addWork('orchestration');
  return undefined;
}
