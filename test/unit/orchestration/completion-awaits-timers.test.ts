import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/model/history-event';
import { newHistoryEvent } from '../../../src/model/history-event-factory';
import { OrchestrationExecutor } from '../../../src/orchestration/orchestration-executor';
import type { OrchestratorFunction } from '../../../src/orchestration/orchestration-context';

const T = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T01:00:00.000Z';

const started = (): HistoryEvent[] => [
  newHistoryEvent({ type: 'OrchestratorStarted' }, T),
  newHistoryEvent({ type: 'ExecutionStarted', name: 'O', instanceId: 'i', executionId: 'e' }, T),
];
const timerFired = (): HistoryEvent[] => [newHistoryEvent({ type: 'OrchestratorStarted' }, LATER), newHistoryEvent({ type: 'TimerFired', timerId: 0, fireAt: LATER }, LATER)];

/** Returns at once, leaving a timer it never awaits. */
const returnsWithTimer: OrchestratorFunction = async (ctx) => {
  ctx.createTimer(new Date(LATER));
  return 'out';
};

describe('an orchestrator that returns with a timer outstanding', () => {
  it('is not complete until the timer fires, then completes with the output it returned', async () => {
    const executor = new OrchestrationExecutor({ instanceId: 'i', orchestrator: returnsWithTimer });
    const first = await executor.execute([], started());
    expect(first.completion).toBeUndefined();
    expect(first.actions.map((a) => a.kind)).toEqual(['CreateTimer']);
    const second = await executor.execute([], timerFired());
    expect(second.completion).toEqual({ status: 'Completed', result: '"out"' });
  });

  it('replays the same way: a fresh executor given the whole history completes once the timer fired', async () => {
    const first = await new OrchestrationExecutor({ instanceId: 'i', orchestrator: returnsWithTimer }).execute([], started());
    const timerCreated = newHistoryEvent({ type: 'TimerCreated', fireAt: LATER }, T);
    const past = [...started(), { ...timerCreated, eventId: first.actions[0]?.id ?? 0 }];
    const replay = await new OrchestrationExecutor({ instanceId: 'i', orchestrator: returnsWithTimer }).execute(past, timerFired());
    expect(replay.completion).toEqual({ status: 'Completed', result: '"out"' });
  });

  it('completes at once when the timer was cancelled, and a failure is not held back', async () => {
    const cancels = new OrchestrationExecutor({
      instanceId: 'i',
      orchestrator: async (ctx) => {
        ctx.createTimer(new Date(LATER)).cancel();
        return 'out';
      },
    });
    expect((await cancels.execute([], started())).completion?.status).toBe('Completed');
    const fails = new OrchestrationExecutor({
      instanceId: 'i',
      orchestrator: async (ctx) => {
        ctx.createTimer(new Date(LATER));
        throw new Error('broken');
      },
    });
    expect((await fails.execute([], started())).completion?.status).toBe('Failed');
  });
});
