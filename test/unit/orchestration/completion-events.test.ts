import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/model/history-event';
import { newHistoryEvent } from '../../../src/model/history-event-factory';
import type { EntityLock } from '../../../src/orchestration/entity-messaging';
import type { DurableTask } from '../../../src/orchestration/durable-task';
import type { OrchestrationContext } from '../../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../../src/orchestration/orchestration-executor';
import { completionHandlers } from '../../../src/orchestration/completion-handlers';

const T = '2026-01-01T00:00:10.000Z';
const failure = { errorType: 'Error', message: 'boom' };

/** For each completion event type: two tasks of its kind at steps 0 and 1, and the event that settles step 1. */
const cases: ReadonlyArray<{
  type: keyof typeof completionHandlers;
  schedule(ctx: OrchestrationContext): [DurableTask<unknown>, DurableTask<unknown>];
  settleStep1: HistoryEvent;
  expected: unknown;
}> = [
  {
    type: 'TaskCompleted',
    schedule: (ctx) => [ctx.callActivity('A'), ctx.callActivity('B')],
    settleStep1: newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: 1, result: '"b"' }, T),
    expected: { index: 1, value: 'b' },
  },
  {
    type: 'TaskFailed',
    schedule: (ctx) => [ctx.callActivity('A'), ctx.callActivity('B')],
    settleStep1: newHistoryEvent({ type: 'TaskFailed', taskScheduledId: 1, failureDetails: failure }, T),
    expected: { index: 1, error: 'TaskFailedError', message: expect.stringContaining("'B'") },
  },
  {
    type: 'SubOrchestrationInstanceCompleted',
    schedule: (ctx) => [ctx.callSubOrchestrator('A'), ctx.callSubOrchestrator('B')],
    settleStep1: newHistoryEvent({ type: 'SubOrchestrationInstanceCompleted', taskScheduledId: 1, result: '"b"' }, T),
    expected: { index: 1, value: 'b' },
  },
  {
    type: 'SubOrchestrationInstanceFailed',
    schedule: (ctx) => [ctx.callSubOrchestrator('A'), ctx.callSubOrchestrator('B')],
    settleStep1: newHistoryEvent({ type: 'SubOrchestrationInstanceFailed', taskScheduledId: 1, failureDetails: failure }, T),
    expected: { index: 1, error: 'TaskFailedError', message: expect.stringContaining("'B'") },
  },
  {
    type: 'TimerFired',
    schedule: (ctx) => [ctx.createTimer(new Date(T)), ctx.createTimer(new Date(T))],
    settleStep1: newHistoryEvent({ type: 'TimerFired', timerId: 1, fireAt: T }, T),
    expected: { index: 1 },
  },
  {
    type: 'EventRaised',
    schedule: (ctx) => [ctx.waitForExternalEvent('a'), ctx.waitForExternalEvent('b')],
    settleStep1: newHistoryEvent({ type: 'EventRaised', name: 'B', input: '"b"' }, T),
    expected: { index: 1, value: 'b' },
  },
  {
    type: 'EntityOperationCompleted',
    schedule: (ctx) => [ctx.callEntity('@counter@a', 'get'), ctx.callEntity('@counter@b', 'get')],
    settleStep1: newHistoryEvent({ type: 'EntityOperationCompleted', taskScheduledId: 1, result: '"b"' }, T),
    expected: { index: 1, value: 'b' },
  },
  {
    type: 'EntityOperationFailed',
    schedule: (ctx) => [ctx.callEntity('@counter@a', 'get'), ctx.callEntity('@counter@b', 'get')],
    settleStep1: newHistoryEvent({ type: 'EntityOperationFailed', taskScheduledId: 1, failureDetails: failure }, T),
    expected: { index: 1, error: 'EntityOperationFailedError', message: expect.stringContaining('@counter@b') },
  },
  {
    type: 'EntityLockGranted',
    schedule: (ctx) => [ctx.callActivity('A'), ctx.lock('@counter@b')],
    settleStep1: newHistoryEvent({ type: 'EntityLockGranted', taskScheduledId: 1, criticalSectionId: 'cs', lockSet: ['@counter@b'] }, T),
    expected: { index: 1, value: { locked: ['@counter@b'] } },
  },
];

function start(): HistoryEvent[] {
  return [newHistoryEvent({ type: 'OrchestratorStarted' }, T), newHistoryEvent({ type: 'ExecutionStarted', name: 'O', instanceId: 'i', executionId: 'e' }, T)];
}

function episode(...events: HistoryEvent[]): HistoryEvent[] {
  return [newHistoryEvent({ type: 'OrchestratorStarted' }, T), ...events];
}

/** Reports which of the two tasks finished first and how. */
async function firstOf(tasks: [DurableTask<unknown>, DurableTask<unknown>], ctx: OrchestrationContext): Promise<unknown> {
  const { index, task } = await ctx.any(tasks);
  // The losing timer is cancelled, as the docs ask: an uncancelled one would hold completion back.
  for (const other of tasks) if (other !== task && 'cancel' in other && typeof other.cancel === 'function') (other as { cancel(): void }).cancel();
  try {
    const value = await task;
    if (value === undefined) return { index };
    // A lock handle holds a release function, which is not JSON: report what it locked.
    const lock = value as Partial<EntityLock>;
    return { index, value: typeof lock.release === 'function' ? { locked: lock.entities } : value };
  } catch (error) {
    return { index, error: (error as Error).name, message: (error as Error).message };
  }
}

describe('completion events', () => {
  it('has a test case for every completion handler', () => {
    expect(cases.map((c) => c.type).sort()).toEqual(Object.keys(completionHandlers).sort());
  });

  for (const c of cases) {
    it(`${c.type} settles the task it names, and only that one`, async () => {
      const executor = new OrchestrationExecutor({ instanceId: 'i', orchestrator: (ctx) => firstOf(c.schedule(ctx), ctx) });
      await executor.execute([], start());
      const result = await executor.execute([], episode(c.settleStep1));
      expect(result.completion?.status).toBe('Completed');
      expect(JSON.parse(result.completion?.result ?? 'null')).toEqual(c.expected);
    });
  }

  for (const c of cases.filter((k) => k.type !== 'EventRaised')) {
    it(`ignores a duplicate ${c.type}: it is not recorded and does not settle anything again`, async () => {
      const settled: string[] = [];
      const executor = new OrchestrationExecutor({
        instanceId: 'i',
        orchestrator: async (ctx) => {
          const [first, second] = c.schedule(ctx);
          settled.push(JSON.stringify(await firstOf([second, first], ctx)));
          await ctx.waitForExternalEvent('end');
          return settled;
        },
      });
      await executor.execute([], start());
      const result = await executor.execute([], episode(c.settleStep1, c.settleStep1));
      expect(result.appliedEvents.filter((e) => e.type === c.type)).toHaveLength(1);
      const again = await executor.execute([], episode(c.settleStep1, newHistoryEvent({ type: 'EventRaised', name: 'end' }, T)));
      expect(again.appliedEvents.map((e) => e.type)).toEqual(['OrchestratorStarted', 'EventRaised']);
      expect(again.completion?.status).toBe('Completed');
      expect(settled).toHaveLength(1);
    });
  }
});
