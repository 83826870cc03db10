import type { HistoryEvent } from '../model/history-event';
import type { NewActivity, NewMessage } from '../storage/storage-records';
import { newHistoryEvent } from '../model/history-event-factory';

/** How a Failed instance's history and work are rebuilt so it runs again from its failure. */
export interface RewindPlan {
  readonly history: readonly HistoryEvent[];
  /** Activities scheduled but without a result in the rewound history: run again. */
  readonly activities: readonly NewActivity[];
  /** Timers created but not fired in the rewound history: queued again. */
  readonly messages: readonly NewMessage[];
  /** Children whose failure was rewound: they are rewound too. */
  readonly failedChildren: readonly string[];
}

/**
 * Rewind keeps every step the orchestration handled and undoes what made it fail: the failures
 * recorded in its last episode and the ExecutionCompleted. Work that then has no outcome in
 * history (failed, or dropped when the instance ended) is scheduled again.
 */
export function planRewind(instanceId: string, history: readonly HistoryEvent[], now: number): RewindPlan {
  let lastEpisode = 0;
  history.forEach((e, i) => {
    if (e.type === 'OrchestratorStarted') lastEpisode = i;
  });
  const failedSubOrchestrationIds = new Set<number>();
  const kept = history.filter((e, i) => {
    if (e.type === 'ExecutionCompleted') return false;
    if (i <= lastEpisode) return true;
    if (e.type === 'SubOrchestrationInstanceFailed') failedSubOrchestrationIds.add(e.taskScheduledId);
    return e.type !== 'TaskFailed' && e.type !== 'SubOrchestrationInstanceFailed';
  });
  const settled = new Set<number>();
  for (const e of kept) {
    if (e.type === 'TaskCompleted' || e.type === 'TaskFailed' || e.type === 'SubOrchestrationInstanceCompleted' || e.type === 'SubOrchestrationInstanceFailed') {
      settled.add(e.taskScheduledId);
    }
    if (e.type === 'TimerFired') settled.add(e.timerId);
  }
  const activities: NewActivity[] = [];
  const messages: NewMessage[] = [];
  const failedChildren: string[] = [];
  for (const e of kept) {
    if (settled.has(e.eventId)) continue;
    if (e.type === 'TaskScheduled') {
      activities.push({
        taskId: e.eventId,
        name: e.name,
        ...(e.input !== undefined ? { input: e.input } : {}),
        ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}),
        visibleAt: now,
      });
    }
    if (e.type === 'TimerCreated') {
      messages.push({ instanceId, visibleAt: Math.max(now, Date.parse(e.fireAt)), event: newHistoryEvent({ type: 'TimerFired', timerId: e.eventId, fireAt: e.fireAt }, e.fireAt) });
    }
    if (e.type === 'SubOrchestrationInstanceCreated' && failedSubOrchestrationIds.has(e.eventId)) failedChildren.push(e.instanceId);
  }
  return { history: kept, activities, messages, failedChildren };
}
