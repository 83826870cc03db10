import { describe, expect, it } from 'vitest';
import type { OrchestrationContext } from '../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../src/orchestration/orchestration-executor';
import { HistoryBuilder } from '../../src/testing/history-builder';

/** The runtime side of ctx.activities / ctx.orchestrations: proxies that call by property name. */
describe('typed call proxies on the orchestration context', () => {
  const start = (): ReturnType<HistoryBuilder['build']> => new HistoryBuilder().orchestratorStarted().executionStarted('Typed').build();
  const run = (fn: (ctx: OrchestrationContext) => Promise<unknown>) =>
    new OrchestrationExecutor({ instanceId: 'typed', orchestrator: fn }).execute([], start());

  it('schedules activities and sub-orchestrations by the property name, with their options', async () => {
    const result = await run(async (ctx) => {
      const hello = ctx.activities.E1_SayHello('Tokyo');
      const child = ctx.orchestrations.E1_HelloSequence(undefined, { instanceId: 'child-1', version: '2' });
      await ctx.all([hello, child]);
    });
    expect(result.actions).toEqual([
      { kind: 'ScheduleTask', id: 0, name: 'E1_SayHello', input: '"Tokyo"' },
      { kind: 'CreateSubOrchestration', id: 1, name: 'E1_HelloSequence', instanceId: 'child-1', version: '2' },
    ]);
  });

  it("passes an activity call's timeoutMs into its action (each retry attempt too); sub-orchestrations take none", async () => {
    const result = await run(async (ctx) => {
      await ctx.all([
        ctx.activities.E1_SayHello('Tokyo', { timeoutMs: 500 }),
        ctx.callActivity('E1_SayHello', 'Seattle', { timeoutMs: 750, retry: { firstRetryIntervalMs: 10, maxNumberOfAttempts: 2 } }),
      ]);
      // @ts-expect-error a sub-orchestration has no activity time limit
      ctx.orchestrations.E1_HelloSequence(undefined, { timeoutMs: 5 });
    });
    expect(result.actions.slice(0, 2)).toEqual([
      { kind: 'ScheduleTask', id: 0, name: 'E1_SayHello', input: '"Tokyo"', timeoutMs: 500 },
      { kind: 'ScheduleTask', id: 1, name: 'E1_SayHello', input: '"Seattle"', timeoutMs: 750 },
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 365 * 24 * 3_600_000 + 1, '100'])('refuses timeoutMs %s with InvalidArgumentError before scheduling', async (timeoutMs) => {
    const result = await run(async (ctx) => ctx.callActivity('E1_SayHello', 'Tokyo', { timeoutMs: timeoutMs as number }));
    expect(result.actions).toEqual([]);
    expect(result.completion).toMatchObject({ status: 'Failed', failureDetails: { errorType: 'InvalidArgumentError' } });
  });

  it('replays a typed call exactly like the by-name call it stands for', async () => {
    const history = new HistoryBuilder()
      .orchestratorStarted().executionStarted('Typed').taskScheduled(0, 'E1_SayHello', 'Tokyo').orchestratorCompleted()
      .orchestratorStarted().taskCompleted(0, 'Hello Tokyo!');
    const { past, news } = history.split(1);
    const typed = await new OrchestrationExecutor({ instanceId: 'typed', orchestrator: async (ctx) => ctx.activities.E1_SayHello('Tokyo') }).execute(past, news);
    expect(typed.completion).toEqual({ status: 'Completed', result: '"Hello Tokyo!"' });
  });

  it('is not a thenable, gives the same function for a name, and keeps the context guard', async () => {
    let outside: OrchestrationContext | undefined;
    await run(async (ctx) => {
      outside = ctx;
      const proxies = ctx.activities as unknown as Record<string, unknown>;
      expect(proxies.then).toBeUndefined();
      expect(ctx.activities.E1_SayHello).toBe(ctx.activities.E1_SayHello);
    });
    expect(() => outside?.activities.E1_SayHello('late')).toThrow(/ctx\.callActivity/);
  });
});
