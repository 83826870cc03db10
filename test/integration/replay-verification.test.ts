import { afterEach, describe, expect, it, vi } from 'vitest';
import { BranchActivities, RandomBranch } from './fixtures/random-branch-functions';
import { startTestHost, type TestHost } from '../support/test-host';

/**
 * With the instance cache on, a live orchestration is never replayed, so code branching on
 * Math.random() used to complete in development and fail only after a restart. Replay
 * verification replays each cached episode from history and fails it on the first run.
 */
describe('replay verification', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.dispose();
    t = undefined;
  });

  /** Math.random() alternates low/high, so the live run and its verifying replay always disagree. */
  function alternateRandom(): void {
    let calls = 0;
    vi.spyOn(Math, 'random').mockImplementation(() => (calls++ % 2 === 0 ? 0.25 : 0.75));
  }

  async function run(durableTask: Record<string, unknown>) {
    t = await startTestHost([RandomBranch, BranchActivities], { extendedSessionsEnabled: true, ...durableTask });
    const id = await t.host.client.startNew('RandomBranch', { input: 3 });
    return t.host.client.waitForCompletion(id, { timeoutMs: 30_000 });
  }

  it('fails an orchestrator that branches on Math.random() on its first run, naming the step and both actions', async () => {
    alternateRandom();
    const done = await run({ replayVerification: 'always' });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails?.errorType).toBe('NonDeterministicOrchestrationError');
    expect(done.failureDetails?.message).toContain('at step 0: history recorded TaskScheduled Heads but the code scheduled TaskScheduled Tails');
  });

  it('lets the same orchestrator complete when verification is off (the cache hides it)', async () => {
    alternateRandom();
    const done = await run({ replayVerification: 'off' });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual(['heads', 'tails', 'heads']);
  });

  it('is on by default outside production', async () => {
    alternateRandom();
    const done = await run({});
    expect(done.runtimeStatus).toBe('Failed');
  });
});
