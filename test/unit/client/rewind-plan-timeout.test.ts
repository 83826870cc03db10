import { describe, expect, it } from 'vitest';
import { planRewind } from '../../../src/client/rewind-plan';
import { newHistoryEvent } from '../../../src/model/history-event-factory';
import type { HistoryEvent } from '../../../src/model/history-event';

const at = '2026-01-01T00:00:00.000Z';

describe('rewind and per-call activity time limits', () => {
  it("schedules a failed activity again with the call's own timeoutMs, and one without a limit without one", () => {
    const history: HistoryEvent[] = [
      newHistoryEvent({ type: 'OrchestratorStarted' }, at),
      newHistoryEvent({ type: 'ExecutionStarted', name: 'Flow', instanceId: 'i', executionId: 'e' }, at),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Limited', timeoutMs: 1234 }, at, 0),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Unlimited' }, at, 1),
      newHistoryEvent({ type: 'OrchestratorCompleted' }, at),
      newHistoryEvent({ type: 'OrchestratorStarted' }, at),
      newHistoryEvent({ type: 'TaskFailed', taskScheduledId: 0, failureDetails: { errorType: 'ActivityTimeoutError', message: 'late' } }, at),
      newHistoryEvent({ type: 'TaskFailed', taskScheduledId: 1, failureDetails: { errorType: 'Error', message: 'boom' } }, at),
      newHistoryEvent({ type: 'ExecutionCompleted', orchestrationStatus: 'Failed', failureDetails: { errorType: 'TaskFailedError', message: 'x' } }, at),
    ];
    const plan = planRewind('i', history, 1_000);
    expect(plan.activities).toEqual([
      { taskId: 0, name: 'Limited', timeoutMs: 1234, visibleAt: 1_000 },
      { taskId: 1, name: 'Unlimited', visibleAt: 1_000 },
    ]);
  });
});
