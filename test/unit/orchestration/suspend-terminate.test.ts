import { describe, expect, it } from 'vitest';
import type { OrchestrationContext } from '../../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../../src/orchestration/orchestration-executor';
import { HistoryBuilder } from '../../../src/testing/history-builder';

const collectTwo = async (ctx: OrchestrationContext): Promise<unknown[]> => [await ctx.waitForExternalEvent('e'), await ctx.waitForExternalEvent('e')];
const run = (fn: (ctx: OrchestrationContext) => Promise<unknown>, past: ReturnType<HistoryBuilder['build']>, news: ReturnType<HistoryBuilder['build']>) =>
  new OrchestrationExecutor({ instanceId: 'i', orchestrator: fn }).execute(past, news);

describe('suspend, resume and terminate in the replay engine', () => {
  it('holds events that arrive while suspended and reports the instance suspended', async () => {
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').orchestratorCompleted().orchestratorStarted().executionSuspended('pause').eventRaised('e', 1).eventRaised('e', 2);
    const { past, news } = h.split(4);
    const result = await run(collectTwo, past, news);
    expect(result.completion).toBeUndefined();
    expect(result.suspended).toBe(true);
    expect(result.appliedEvents.map((e) => e.type)).toEqual(['OrchestratorStarted', 'ExecutionSuspended', 'EventRaised', 'EventRaised']);
  });

  it('delivers held events in arrival order on resume, also when replayed from history', async () => {
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').orchestratorCompleted()
      .orchestratorStarted().executionSuspended().eventRaised('e', 1).orchestratorCompleted()
      .orchestratorStarted().eventRaised('e', 2).executionResumed();
    const { past, news } = h.split(3);
    const result = await run(collectTwo, past, news);
    expect(result.suspended).toBe(false);
    expect(result.completion).toEqual({ status: 'Completed', result: '[1,2]' });
    const replayed = await run(collectTwo, h.build(), []);
    expect(replayed.completion).toEqual({ status: 'Completed', result: '[1,2]' });
  });

  it('terminates with the reason as output and schedules nothing more', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await ctx.callActivity('A');
      await ctx.callActivity('B');
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted()
      .orchestratorStarted().taskCompleted(0).executionTerminated('stop it');
    const { past, news } = h.split(3);
    const result = await run(fn, past, news);
    expect(result.completion).toEqual({ status: 'Terminated', result: '"stop it"' });
    expect(result.actions).toEqual([]);
  });

  it('terminates a suspended instance', async () => {
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').orchestratorCompleted().orchestratorStarted().executionSuspended().executionTerminated();
    const { past, news } = h.split(3);
    const result = await run(collectTwo, past, news);
    expect(result.completion?.status).toBe('Terminated');
    expect(result.suspended).toBe(false);
  });
});
