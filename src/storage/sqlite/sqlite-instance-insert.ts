import { isRuntimeStatus, isTerminalStatus, type RuntimeStatus } from '../../model/runtime-status';
import type { CreatedInstance, NewInstance } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import { serializeEvent } from './sqlite-rows';

/** A start refused because a live instance (or, with idReuse 'never', any instance) has the id; or what was created. */
export type InsertOutcome =
  | { readonly conflict: RuntimeStatus }
  /** `leased`: created leased to its starter (NewInstance.lease, a free id). */
  | { readonly conflict?: undefined; readonly created: CreatedInstance; readonly leased: boolean };

/**
 * Inside the caller's transaction: creates the instance and queues its ExecutionStarted, or, if
 * a live (non-terminal) instance has the id, writes nothing and returns that instance's status.
 * A finished instance with the id is replaced: its history, inbox and activity items go, unless
 * `idReuse` is 'never': then it is refused like a live one. An eager start (NewInstance.lease)
 * with a free id is created leased to its starter, and answers its message's id; with
 * `firstEpisodeHere` it gets no start message at all: its first episode, committed in the same
 * transaction, consumes the ExecutionStarted that was never stored.
 */
export function insertInstance(
  orchestrations: OrchestrationStatements,
  hub: string,
  instance: NewInstance,
  changes: ChangeSet,
  firstEpisodeHere = false,
): InsertOutcome {
  const key = { hub, instanceId: instance.instanceId };
  const row = {
    ...key,
    executionId: instance.executionId,
    name: instance.name,
    version: instance.version ?? null,
    input: instance.input ?? null,
    createdAt: instance.createdAt,
  };
  const { lease } = instance;
  // A new id (the usual case) costs one statement; only a taken one is read and maybe replaced.
  const placed = orchestrations.insertNewInstance.run({ ...row, lockedBy: lease?.owner ?? null, lockExpiresAt: lease?.expiresAt ?? null }).changes === 1;
  if (!placed) {
    const existing = orchestrations.selectInstanceState.get(key);
    if (existing !== undefined) {
      const status = isRuntimeStatus(existing.runtime_status) ? existing.runtime_status : 'Running';
      if (!isTerminalStatus(status) || instance.idReuse === 'never') return { conflict: status };
      orchestrations.deleteHistory.run(key);
      orchestrations.deleteMessages.run(key);
      orchestrations.deleteActivities.run(key);
    }
    orchestrations.replaceInstance.run({ ...row, lockedBy: null, lockExpiresAt: null });
  }
  const leased = placed && lease !== undefined;
  if (leased && firstEpisodeHere) {
    changes.addInstance(instance.instanceId);
    return { created: {}, leased };
  }
  const event = serializeEvent(instance.startEvent);
  const message = orchestrations.insertStartMessage.run({ ...key, event, visibleAt: instance.visibleAt ?? instance.createdAt, dequeueCount: leased ? 1 : 0 });
  changes.addInstance(instance.instanceId);
  // A leased start is work for its starter only, which runs it without a claim.
  if (!leased) changes.addWork('orchestration');
  return { created: leased ? { leasedStartMessageId: Number(message.lastInsertRowid) } : {}, leased };
}
