import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from 'durable-ts';
import { constructions, CountingChain, CountingWaiter, EchoActivities } from './fixtures/counting-functions';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';

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

  /** Raises Go with `value` and waits until the instance has taken it (custom status) or finished. */
  async function send(host: TestHost, instanceId: string, value: number, received: number): Promise<void> {
    await host.host.client.raiseEvent(instanceId, 'Go', value);
    await waitFor(async () => {
      const status = await host.host.client.getStatus(instanceId);
      return status?.customStatus === received || status?.runtimeStatus === 'Completed';
    }, `${instanceId} to take event ${received}`);
  }

  it('evicts the least recently used instance when full; the evicted one replays on its next event and completes', async () => {
    t = await startTestHost([CountingWaiter], { maxCachedOrchestrations: 1, replayVerification: 'off' });
    const host = t;
    const { client } = host.host;
    await client.startNew('CountingWaiter', { instanceId: 'lru-a', input: 2 });
    await waitFor(() => host.host.instanceCacheStats().size === 1, 'lru-a to be cached');
    await client.startNew('CountingWaiter', { instanceId: 'lru-b', input: 2 });
    await waitFor(() => host.host.instanceCacheStats().evictedBySize === 1, 'lru-a to be evicted by lru-b');
    expect(host.host.instanceCacheStats().size).toBe(1);

    await send(host, 'lru-a', 1, 1); // replayed (evicted); evicts lru-b
    await send(host, 'lru-b', 10, 1); // replayed (evicted); evicts lru-a
    await send(host, 'lru-a', 2, 2); // replayed again, and finishes: nothing more to cache
    await send(host, 'lru-b', 20, 2); // still cached: no replay

    expect((await client.waitForCompletion('lru-a', { timeoutMs: 10_000 })).output).toEqual([1, 2]);
    expect((await client.waitForCompletion('lru-b', { timeoutMs: 10_000 })).output).toEqual([10, 20]);
    expect(constructions.get('lru-a')).toBe(3);
    expect(constructions.get('lru-b')).toBe(2);
    expect(host.host.instanceCacheStats()).toMatchObject({ maxSize: 1, evictedBySize: 3, evictedByIdle: 0 });
  });

  it('lets go of every cached orchestration when the host stops', async () => {
    t = await startTestHost([CountingWaiter], { replayVerification: 'off' });
    const host = t;
    for (const id of ['stop-a', 'stop-b', 'stop-c']) await host.host.client.startNew('CountingWaiter', { instanceId: id, input: 1 });
    await waitFor(() => host.host.instanceCacheStats().size === 3, 'all three waiting instances to be cached');

    await host.stop();
    // A stopped host the app still references holds no live orchestrations (each would otherwise
    // stay in memory until the host object itself is collected).
    expect(host.host.instanceCacheStats().size).toBe(0);
  });

  it('evicts an instance idle for longer than extendedSessionIdleTimeoutInSeconds; its next event replays it', async () => {
    const clock = new VirtualClock();
    t = await startTestHost([CountingWaiter], { extendedSessionIdleTimeoutInSeconds: 30, replayVerification: 'off' }, { clock });
    const host = t;
    const { client } = host.host;
    await client.startNew('CountingWaiter', { instanceId: 'idle-a', input: 3 });
    await waitFor(() => host.host.instanceCacheStats().size === 1, 'idle-a to be cached');

    clock.advance(30_000); // exactly the timeout: still cached
    await send(host, 'idle-a', 1, 1);
    expect(constructions.get('idle-a')).toBe(1);

    clock.advance(30_001);
    await send(host, 'idle-a', 2, 2);
    expect(constructions.get('idle-a')).toBe(2);
    expect(host.host.instanceCacheStats().evictedByIdle).toBe(1);

    await send(host, 'idle-a', 3, 3);
    expect((await client.waitForCompletion('idle-a', { timeoutMs: 10_000 })).output).toEqual([1, 2, 3]);
    expect(constructions.get('idle-a')).toBe(2);
  });
});
