import { randomUUID } from 'node:crypto';
import { executeEntityBatch } from '../entities/entity-batch-executor';
import { parseSchedulerState, serializeSchedulerState } from '../entities/entity-scheduler-state';
import { parseEntityId } from '../model/entity-id';
import type { Logger } from '../model/logger';
import type { EpisodeCommit, NewChildInstance, OrchestrationWorkItem } from '../storage/storage-records';
import { failPoisonedQueue, nextUnrunClaims, splitPoisonOperations } from './entity-poison';
import type { FunctionCode } from './function-code';
import type { WorkerSettings } from './worker-settings';
import { newHistoryEvent } from '../model/history-event-factory';
import { Tracker } from './tracking';
import { workerLogs } from './worker-logs';

/**
 * One batch of an entity's inbox as one commit: the new state, the messages consumed, the answers
 * and signals sent and the orchestrations started, all or nothing - so every operation runs
 * exactly once even across crashes. Operations claimed too often (their batch kept crashing
 * the worker) are failed first, without running, whether in the inbox or held in the lock queue
 * (see splitPoisonOperations and failPoisonedQueue).
 */
export async function prepareEntityEpisode(
  item: OrchestrationWorkItem,
  resolver: FunctionCode,
  settings: WorkerSettings,
  now: number,
  log: Logger,
): Promise<{ commit: EpisodeCommit; operations: number; poisoned: number }> {
  const { instance } = item;
  const entity = parseEntityId(instance.instanceId);
  const state = parseSchedulerState(instance.entityState);
  const poison = splitPoisonOperations(item, state.unrunClaims ?? [], settings.maxDequeueCount, now, log);
  const held = failPoisonedQueue(item, state, settings.maxDequeueCount, now, log);
  const result = await executeEntityBatch({
    entity,
    descriptor: resolver.entity(entity.name),
    state: held.state,
    messages: poison.runnable,
    maxOperations: settings.maxEntityOperationBatchSize,
    maxPayloadBytes: settings.maxPayloadBytes,
    now,
    newInstanceId: () => randomUUID().replace(/-/g, ''),
  });
  new Tracker(settings.tracking).entityBatch(instance.instanceId, result.operations, result.failedSignals.length);
  for (const failed of result.failedSignals) {
    workerLogs.entitySignalFailed(log, {
      entityId: instance.instanceId,
      operation: failed.operation,
      error: failed.failureDetails,
    });
  }
  const newInstances: NewChildInstance[] = result.startedOrchestrations.map((start) => {
    const executionId = randomUUID();
    const timestamp = new Date(now).toISOString();
    const input = start.input !== undefined ? { input: start.input } : {};
    return {
      instanceId: start.instanceId,
      executionId,
      name: start.name,
      createdAt: now,
      ...input,
      startEvent: newHistoryEvent({ type: 'ExecutionStarted', name: start.name, instanceId: start.instanceId, executionId, ...input }, timestamp),
    };
  });
  const consumedMessageIds = [...poison.failedMessageIds, ...result.consumedMessageIds];
  const unrunClaims = nextUnrunClaims(item, consumedMessageIds, state.unrunClaims ?? []);
  const { unrunClaims: _previous, ...rest } = result.state;
  const nextState = unrunClaims.length > 0 ? { ...rest, unrunClaims } : rest;
  const heldFailed = held.state === state ? 0 : state.queue.filter((e) => e.type === 'EntityOperation').length;
  return {
    operations: result.operations,
    poisoned: poison.failedMessageIds.length + heldFailed,
    commit: {
      instanceId: instance.instanceId,
      executionId: instance.executionId,
      expectedHistoryLength: instance.historyLength,
      consumedMessageIds,
      newHistory: [],
      activities: [],
      messages: [...poison.answers, ...held.answers, ...result.messages],
      ...(newInstances.length > 0 ? { newInstances } : {}),
      entityState: serializeSchedulerState(nextState),
      update: { runtimeStatus: 'Running', lastUpdatedAt: now },
    },
  };
}
