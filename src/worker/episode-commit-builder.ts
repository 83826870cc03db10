import type { FailureDetails } from '../model/failure-details';
import { assertNever, type HistoryEvent } from '../model/history-event';
import type { EpisodeResult } from '../orchestration/orchestration-executor';
import type { EpisodeCommit, InstanceRecord, NewActivity, NewMessage } from '../storage/storage-records';

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
  for (const action of result.actions) {
    switch (action.kind) {
      case 'ScheduleTask':
        newHistory.push({ type: 'TaskScheduled', eventId: action.id, timestamp, name: action.name, ...withInput(action.input) });
        activities.push({ taskId: action.id, name: action.name, ...withInput(action.input), visibleAt: now });
        break;
      case 'CreateTimer':
        newHistory.push({ type: 'TimerCreated', eventId: action.id, timestamp, fireAt: action.fireAt });
        messages.push({
          instanceId: instance.instanceId,
          event: { type: 'TimerFired', eventId: -1, timestamp: action.fireAt, timerId: action.id, fireAt: action.fireAt },
          visibleAt: Date.parse(action.fireAt),
        });
        break;
      default:
        assertNever(action, 'orchestrator action');
    }
  }
  const completion = result.completion;
  if (completion !== undefined) {
    newHistory.push({
      type: 'ExecutionCompleted',
      eventId: -1,
      timestamp,
      orchestrationStatus: completion.status,
      ...(completion.result !== undefined ? { result: completion.result } : {}),
      ...(completion.failureDetails !== undefined ? { failureDetails: completion.failureDetails } : {}),
    });
  }
  newHistory.push({ type: 'OrchestratorCompleted', eventId: -1, timestamp });
  return {
    instanceId: instance.instanceId,
    executionId: instance.executionId,
    expectedHistoryLength: instance.historyLength,
    consumedMessageIds,
    newHistory,
    activities,
    messages,
    update: {
      runtimeStatus: completion?.status ?? (result.suspended ? 'Suspended' : 'Running'),
      lastUpdatedAt: now,
      ...(completion?.result !== undefined ? { output: completion.result } : {}),
      ...(completion?.failureDetails !== undefined ? { failureDetails: completion.failureDetails } : {}),
      ...(completion !== undefined ? { completedAt: now } : {}),
      ...(result.customStatus !== undefined ? { customStatus: result.customStatus } : {}),
    },
  };
}

/** A commit that only consumes messages an instance cannot use (it has finished). */
export function buildDiscardCommit(instance: InstanceRecord, consumedMessageIds: readonly number[], now: number): EpisodeCommit {
  return {
    instanceId: instance.instanceId,
    executionId: instance.executionId,
    expectedHistoryLength: instance.historyLength,
    consumedMessageIds,
    newHistory: [],
    activities: [],
    messages: [],
    update: { runtimeStatus: instance.runtimeStatus, lastUpdatedAt: instance.lastUpdatedAt.getTime() },
  };
}

/** A commit that fails the instance without running its code (unknown orchestrator, poison messages). */
export function buildFailureCommit(
  instance: InstanceRecord,
  consumedMessageIds: readonly number[],
  events: readonly HistoryEvent[],
  failureDetails: FailureDetails,
  now: number,
): EpisodeCommit {
  return buildEpisodeCommit(instance, consumedMessageIds, { actions: [], appliedEvents: events, completion: { status: 'Failed', failureDetails }, suspended: false }, now);
}

function withInput(input: string | undefined): { input?: string } {
  return input !== undefined ? { input } : {};
}
