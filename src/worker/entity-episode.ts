import { randomUUID } from 'node:crypto';
import { executeEntityBatch } from '../entities/entity-batch-executor';
import { parseSchedulerState, serializeSchedulerState } from '../entities/entity-scheduler-state';
import { parseEntityId } from '../model/entity-id';
import type { EpisodeCommit, NewChildInstance, OrchestrationWorkItem } from '../storage/storage-records';
import type { FunctionCode } from './function-code';
import type { WorkerSettings } from './worker-settings';
import { newHistoryEvent } from '../model/history-event-factory';

/**
 * One batch of an entity's inbox as one commit: the new state, the messages consumed, the answers
 * and signals sent and the orchestrations started, all or nothing - so every operation runs
 * exactly once even across crashes.
 */
export async function prepareEntityEpisode(
  item: OrchestrationWorkItem,
  resolver: FunctionCode,
  settings: WorkerSettings,
  now: number,
): Promise<{ commit: EpisodeCommit; operations: number }> {
  const { instance } = item;
  const entity = parseEntityId(instance.instanceId);
  const result = await executeEntityBatch({
    entity,
    descriptor: resolver.entity(entity.name),
    state: parseSchedulerState(instance.entityState),
    messages: item.messages,
    maxOperations: settings.maxEntityOperationBatchSize,
    now,
    newInstanceId: () => randomUUID().replace(/-/g, ''),
  });
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
  return {
    operations: result.operations,
    commit: {
      instanceId: instance.instanceId,
      executionId: instance.executionId,
      expectedHistoryLength: instance.historyLength,
      consumedMessageIds: result.consumedMessageIds,
      newHistory: [],
      activities: [],
      messages: result.messages,
      ...(newInstances.length > 0 ? { newInstances } : {}),
      entityState: serializeSchedulerState(result.state),
      update: { runtimeStatus: 'Running', lastUpdatedAt: now },
    },
  };
}
