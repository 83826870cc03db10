import { randomUUID } from 'node:crypto';
import type { FailureDetails } from '../model/failure-details';
import { assertNever, type HistoryEvent, type ParentInstanceInfo } from '../model/history-event';
import { newHistoryEvent } from '../model/history-event-factory';
import { actionToHistoryEvent } from '../orchestration/action-history';
import type { EpisodeResult } from '../orchestration/orchestration-executor';
import type { CreateSubOrchestrationAction } from '../orchestration/orchestrator-action';
import type { EpisodeCommit, InstanceRecord, NewActivity, NewChildInstance, NewMessage } from '../storage/storage-records';
import { continueAsNewCommit, outcomeForParent } from './completion-messages';

/** Turns what an episode produced into the one atomic write that records it. */
export function buildEpisodeCommit(
  instance: InstanceRecord,
  consumedMessageIds: readonly number[],
  result: EpisodeResult,
  now: number,
): EpisodeCommit {
  const timestamp = new Date(now).toISOString();
  const newHistory: HistoryEvent[] = [...result.appliedEvents];
  const activities: NewActivity[] = [];
  const messages: NewMessage[] = [];
  const newInstances: NewChildInstance[] = [];
  for (const action of result.actions) {
    newHistory.push(actionToHistoryEvent(action, timestamp));
    switch (action.kind) {
      case 'ScheduleTask':
        activities.push({
          taskId: action.id,
          name: action.name,
          ...withInput(action.input),
          ...(action.timeoutMs !== undefined ? { timeoutMs: action.timeoutMs } : {}),
          visibleAt: now,
        });
        break;
      case 'CreateTimer':
        // The timer fires as a message to the instance itself, invisible until it is due.
        messages.push({
          instanceId: instance.instanceId,
          event: newHistoryEvent({ type: 'TimerFired', timerId: action.id, fireAt: action.fireAt }, action.fireAt),
          visibleAt: Date.parse(action.fireAt),
        });
        break;
      case 'CreateSubOrchestration':
        newInstances.push(childInstance(instance, action, now));
        break;
      case 'SendEntityMessage': {
        const visibleAt = action.scheduledTime !== undefined ? Date.parse(action.scheduledTime) : now;
        messages.push({ instanceId: action.target, visibleAt, event: newHistoryEvent(action.message, timestamp) });
        break;
      }
      default:
        assertNever(action, 'orchestrator action');
    }
  }
  const completion = result.completion;
  if (completion !== undefined && completion.status !== 'ContinuedAsNew') {
    newHistory.push(
      newHistoryEvent(
        {
          type: 'ExecutionCompleted',
          orchestrationStatus: completion.status,
          ...(completion.result !== undefined ? { result: completion.result } : {}),
          ...(completion.failureDetails !== undefined ? { failureDetails: completion.failureDetails } : {}),
        },
        timestamp,
      ),
    );
    if (result.parentInstance !== undefined) messages.push(outcomeForParent(result.parentInstance, completion, instance.instanceId, now));
  }
  if (result.locksToRelease !== undefined) messages.push(...unlockMessages(result.locksToRelease.criticalSectionId, result.locksToRelease.entities, now));
  newHistory.push(newHistoryEvent({ type: 'OrchestratorCompleted' }, timestamp));
  const continued = completion?.status === 'ContinuedAsNew' ? continueAsNewCommit(instance, completion, result.parentInstance, now) : undefined;
  const finished = completion !== undefined && completion.status !== 'ContinuedAsNew';
  return {
    instanceId: instance.instanceId,
    executionId: instance.executionId,
    expectedHistoryLength: instance.historyLength,
    consumedMessageIds,
    newHistory,
    activities,
    messages,
    ...(newInstances.length > 0 ? { newInstances } : {}),
    ...(continued !== undefined ? { continueAsNew: continued } : {}),
    update: {
      runtimeStatus: completion?.status ?? (result.suspended ? 'Suspended' : 'Running'),
      lastUpdatedAt: now,
      ...(finished && completion.result !== undefined ? { output: completion.result } : {}),
      ...(finished && completion.failureDetails !== undefined ? { failureDetails: completion.failureDetails } : {}),
      ...(finished ? { completedAt: now } : {}),
      ...(result.customStatus !== undefined ? { customStatus: result.customStatus } : {}),
    },
  };
}

function childInstance(parent: InstanceRecord, action: CreateSubOrchestrationAction, now: number): NewChildInstance {
  const executionId = randomUUID();
  const timestamp = new Date(now).toISOString();
  const version = action.version !== undefined ? { version: action.version } : {};
  return {
    instanceId: action.instanceId,
    executionId,
    name: action.name,
    createdAt: now,
    ...version,
    ...withInput(action.input),
    startEvent: newHistoryEvent(
      {
        type: 'ExecutionStarted',
        name: action.name,
        instanceId: action.instanceId,
        executionId,
        ...version,
        ...withInput(action.input),
        parentInstance: { instanceId: parent.instanceId, executionId: parent.executionId, taskScheduledId: action.id, name: parent.name },
      },
      timestamp,
    ),
    onConflict: {
      instanceId: parent.instanceId,
      visibleAt: now,
      event: newHistoryEvent(
        {
          type: 'SubOrchestrationInstanceFailed',
          taskScheduledId: action.id,
          parentExecutionId: parent.executionId,
          failureDetails: {
            errorType: 'InstanceAlreadyExistsError',
            message: `Sub-orchestration instance '${action.instanceId}' already exists and has not finished.`,
          },
        },
        timestamp,
      ),
    },
  };
}

/** Unlocks every entity of a critical section (the orchestration ended, or never needed it). */
export function unlockMessages(criticalSectionId: string, entities: readonly string[], now: number): NewMessage[] {
  const timestamp = new Date(now).toISOString();
  return entities.map((entity) => ({ instanceId: entity, visibleAt: now, event: newHistoryEvent({ type: 'EntityUnlocked', criticalSectionId }, timestamp) }));
}

/**
 * A commit that only consumes messages an instance cannot use (it has finished). A lock granted
 * after the end is given straight back, so no entity stays locked by a finished orchestration.
 */
export function buildDiscardCommit(instance: InstanceRecord, consumed: ReadonlyArray<{ messageId: number; event: HistoryEvent }>, now: number): EpisodeCommit {
  const messages = consumed.flatMap(({ event }) => (event.type === 'EntityLockGranted' ? unlockMessages(event.criticalSectionId, event.lockSet, now) : []));
  const consumedMessageIds = consumed.map((m) => m.messageId);
  return {
    instanceId: instance.instanceId,
    executionId: instance.executionId,
    expectedHistoryLength: instance.historyLength,
    consumedMessageIds,
    newHistory: [],
    activities: [],
    messages,
    update: { runtimeStatus: instance.runtimeStatus, lastUpdatedAt: instance.lastUpdatedAt.getTime() },
  };
}

/**
 * A commit that fails the instance without running its code (unknown orchestrator, poison
 * messages). `parentInstance` comes from the execution's ExecutionStarted, wherever it is stored
 * (see findParentInstance): a child failed this way still tells its parent.
 */
export function buildFailureCommit(
  instance: InstanceRecord,
  consumedMessageIds: readonly number[],
  events: readonly HistoryEvent[],
  failureDetails: FailureDetails,
  parentInstance: ParentInstanceInfo | undefined,
  now: number,
): EpisodeCommit {
  const result: EpisodeResult = {
    actions: [],
    appliedEvents: events,
    completion: { status: 'Failed', failureDetails },
    suspended: false,
    ...(parentInstance !== undefined ? { parentInstance } : {}),
  };
  return buildEpisodeCommit(instance, consumedMessageIds, result, now);
}

function withInput(input: string | undefined): { input?: string } {
  return input !== undefined ? { input } : {};
}
