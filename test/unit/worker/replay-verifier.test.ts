import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/model/history-event';
import type { OrchestrationContext } from '../../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../../src/orchestration/orchestration-executor';
import { HistoryBuilder } from '../../../src/testing/history-builder';
import { ReplayVerifier } from '../../../src/worker/replay-verifier';

/** Runs the first episode live, then the episode where step 0 completes, on the same executor. */
async function cachedSecondEpisode(orchestrator: (ctx: OrchestrationContext) => Promise<unknown>) {
  const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0, 1);
  const { past, news } = h.split(2);
  const live = new OrchestrationExecutor({ instanceId: 'i', orchestrator });
  await live.execute([], past.filter((e: HistoryEvent) => e.type !== 'TaskScheduled' && e.type !== 'OrchestratorCompleted'));
  const result = await live.execute([], news);
  return { instanceId: 'i', orchestrator, past, newEvents: news, result, durableCalls: live.durableCalls };
}

describe('ReplayVerifier', () => {
  it('finds nothing for deterministic code', async () => {
    const episode = await cachedSecondEpisode(async (ctx) => ctx.callActivity('B', await ctx.callActivity('A')));
    expect(await new ReplayVerifier('always', 1).verify(episode)).toBeUndefined();
  });

  it('names the step and both actions when the next call differs', async () => {
    let runs = 0;
    const episode = await cachedSecondEpisode(async (ctx) => {
      const first = ++runs === 1;
      await ctx.callActivity('A');
      await ctx.callActivity(first ? 'B' : 'C');
    });
    const mismatch = await new ReplayVerifier('always', 1).verify(episode);
    expect(mismatch?.code).toBe('NON_DETERMINISTIC_ORCHESTRATION');
    expect(mismatch?.step).toBe(1);
    expect(mismatch?.message).toContain("at step 1: the run scheduled TaskScheduled B but a replay of the same history scheduled TaskScheduled C");
  });

  it('names the ending when the run and the replay end differently', async () => {
    let runs = 0;
    const episode = await cachedSecondEpisode(async (ctx) => {
      const first = ++runs === 1;
      await ctx.callActivity('A');
      return first ? 'first' : 'second';
    });
    const mismatch = await new ReplayVerifier('always', 1).verify(episode);
    expect(mismatch?.message).toContain('at step 1: the run completed with "first" but a replay of the same history completed with "second"');
  });

  it('shows the verifying replay as replaying throughout, so replay-guarded side effects run once', async () => {
    const sideEffects: number[] = [];
    const episode = await cachedSecondEpisode(async (ctx) => {
      const value = await ctx.callActivity<number>('A');
      if (!ctx.isReplaying) sideEffects.push(value);
      await ctx.callActivity('B');
    });
    expect(sideEffects).toEqual([1]);
    expect(await new ReplayVerifier('always', 1).verify(episode)).toBeUndefined();
    expect(sideEffects).toEqual([1]);
  });

  it('verifies every episode, a sample of them, or none', () => {
    const draws = [0.05, 0.5, 0.09, 0.95];
    const sample = new ReplayVerifier('sample', 0.1, () => draws.shift() ?? 1);
    expect([sample.shouldVerify(), sample.shouldVerify(), sample.shouldVerify(), sample.shouldVerify()]).toEqual([true, false, true, false]);
    expect(new ReplayVerifier('always', 0.1).shouldVerify()).toBe(true);
    expect(new ReplayVerifier('off', 1).shouldVerify()).toBe(false);
  });
});
