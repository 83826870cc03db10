import { randomUUID } from 'node:crypto';
import type { ParentInstanceInfo } from '../model/history-event';
import { newHistoryEvent } from '../model/history-event-factory';
import type { OrchestrationCompletion } from '../orchestration/orchestration-executor';
import type { ContinueAsNewCommit, InstanceRecord, NewMessage } from '../storage/storage-records';

/** The message that tells a parent orchestration how its sub-orchestration ended. */
export function outcomeForParent(parent: ParentInstanceInfo, completion: OrchestrationCompletion, childId: string, now: number): NewMessage {
  const timestamp = new Date(now).toISOString();
  const base = { taskScheduledId: parent.taskScheduledId, parentExecutionId: parent.executionId };
  if (completion.status === 'Completed') {
    return {
      instanceId: parent.instanceId,
      visibleAt: now,
      event: newHistoryEvent({ type: 'SubOrchestrationInstanceCompleted', ...base, ...(completion.result !== undefined ? { result: completion.result } : {}) }, timestamp),
    };
  }
  const failureDetails =
    completion.failureDetails ??
    { errorType: 'OrchestrationTerminatedError', message: `Sub-orchestration '${childId}' was terminated${completion.result !== undefined ? `: ${completion.result}` : ''}.` };
  return { instanceId: parent.instanceId, visibleAt: now, event: newHistoryEvent({ type: 'SubOrchestrationInstanceFailed', ...base, failureDetails }, timestamp) };
}

/** The new execution that replaces this one on continue-as-new. */
export function continueAsNewCommit(
  instance: InstanceRecord,
  completion: OrchestrationCompletion,
  parentInstance: ParentInstanceInfo | undefined,
  now: number,
): ContinueAsNewCommit {
  const executionId = randomUUID();
  const timestamp = new Date(now).toISOString();
  const input = completion.result;
  return {
    executionId,
    ...(input !== undefined ? { input } : {}),
    startEvent: newHistoryEvent(
      {
        type: 'ExecutionStarted',
        name: instance.name,
        instanceId: instance.instanceId,
        executionId,
        ...(instance.version !== undefined ? { version: instance.version } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(parentInstance !== undefined ? { parentInstance } : {}),
      },
      timestamp,
    ),
    carriedEvents: (completion.carriedEvents ?? []).map((e) =>
      newHistoryEvent({ type: 'EventRaised', name: e.name, ...(e.input !== undefined ? { input: e.input } : {}) }, timestamp),
    ),
  };
}
