import { afterEach, describe, expect, it } from 'vitest';
import { constructions, CountingChain, EchoActivities } from './fixtures/counting-functions';
import { startTestHost, type TestHost } from '../support/test-host';

/**
 * The instance cache keeps a live orchestration between episodes: its code starts once and is
 * never replayed. Without it, every episode replays the history from the start.
 */
describe('instance cache (extended sessions)', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function runChain(durableTask: Record<string, unknown>, steps: number): Promise<number> {
    t = await startTestHost([CountingChain, EchoActivities], durableTask);
    const id = await t.host.client.startNew('CountingChain', { input: steps });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 30_000 });
    expect(done.output).toBe((steps * (steps - 1)) / 2);
    return constructions.get(id) ?? 0;
  }

  it('runs an orchestration of 20 episodes from one start of its code when the cache is on', async () => {
    expect(await runChain({ replayVerification: 'off' }, 20)).toBe(1);
  });

  it('also replays each cached episode on a fresh context when replay verification is on', async () => {
    // One live run, plus one verifying replay for each of the 20 episodes that came from the cache.
    expect(await runChain({ replayVerification: 'always' }, 20)).toBe(1 + 20);
  });

  it('replays from history on every episode when the cache is off', async () => {
    expect(await runChain({ extendedSessionsEnabled: false }, 20)).toBe(21);
  });
});
