import { describe, expect, it } from 'vitest';
import { episodeFor, eventRaised, LEASE_MS, newInstance, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

/**
 * Which instances a claim returns, and in what order, as their inboxes change: an instance's place
 * is its earliest visible message (by visibility, then by id), whatever was consumed, delayed or
 * added since. Pins the claim order that the readiness index keeps without scanning the backlog.
 */
export function describeClaimOrderContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: claim order`, () => {
    const provider = useProvider(makeProvider);
    const claimIds = async (owner: string, now: number, maxItems: number): Promise<string[]> =>
      (await provider().claimOrchestrationWorkItems({ owner, now, leaseMs: LEASE_MS, maxItems })).map((item) => item.instance.instanceId);

    it('orders by each instance\'s earliest visible message and passes over leased instances', async () => {
      for (let i = 0; i < 6; i++) await provider().createInstance(newInstance(`i${i}`, { createdAt: T0 + i }));
      expect(await claimIds('a', T0 + 100, 2)).toEqual(['i0', 'i1']);
      // i0 and i1 are leased: the next claims continue behind them, in order.
      expect(await claimIds('b', T0 + 100, 3)).toEqual(['i2', 'i3', 'i4']);
      expect(await claimIds('b', T0 + 100, 3)).toEqual(['i5']);
      expect(await claimIds('c', T0 + 100, 3)).toEqual([]);
    });

    it('moves an instance back when its head message is consumed and forward when an earlier one arrives', async () => {
      await provider().createInstance(newInstance('early', { createdAt: T0 }));
      await provider().createInstance(newInstance('late', { createdAt: T0 + 50 }));
      const [item] = await provider().claimOrchestrationWorkItems({ owner: 'a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 1 });
      expect(item?.instance.instanceId).toBe('early');
      // The episode consumes ExecutionStarted and queues an event visible after 'late's message.
      const commit = episodeFor(item!, { messages: [{ instanceId: 'early', event: eventRaised('x'), visibleAt: T0 + 60 }] });
      expect(await provider().commitOrchestrationEpisodes('a', [commit])).toEqual(['committed']);
      expect(await claimIds('b', T0 + 55, 5)).toEqual(['late']);
      expect(await claimIds('c', T0 + 100, 5)).toEqual(['early']);
      // An event for 'late' (still leased by b) does not give it a claim; a new instance with an
      // earlier message than everything else comes first.
      await provider().sendToInstance('late', eventRaised('y'), T0 + 10);
      await provider().createInstance(newInstance('newcomer', { createdAt: T0 + 200, visibleAt: T0 + 5 }));
      expect(await claimIds('d', T0 + 300, 5)).toEqual(['newcomer']);
    });

    it('puts an abandoned instance behind the others until its retry time', async () => {
      await provider().createInstance(newInstance('x', { createdAt: T0 }));
      await provider().createInstance(newInstance('y', { createdAt: T0 + 1 }));
      expect(await claimIds('a', T0 + 2, 1)).toEqual(['x']);
      await provider().abandonOrchestrationWorkItem('a', 'x', T0 + 500);
      expect(await provider().nextVisibleAt('orchestration', T0 + 2)).toBe(T0 + 500);
      expect(await claimIds('b', T0 + 3, 5)).toEqual(['y']);
      expect(await claimIds('c', T0 + 499, 5)).toEqual([]);
      expect(await claimIds('c', T0 + 500, 5)).toEqual(['x']);
    });

    it('claims a finished instance again only when it is started anew', async () => {
      await provider().createInstance(newInstance('again', { createdAt: T0 }));
      const [item] = await provider().claimOrchestrationWorkItems({ owner: 'a', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
      const done = episodeFor(item!, { update: { runtimeStatus: 'Completed', lastUpdatedAt: T0 + 1, completedAt: T0 + 1, output: '1' } });
      expect(await provider().commitOrchestrationEpisodes('a', [done])).toEqual(['committed']);
      expect(await claimIds('b', T0 + 10, 5)).toEqual([]);
      await provider().createInstance(newInstance('again', { createdAt: T0 + 20, executionId: 'again-exec-2' }));
      expect(await claimIds('b', T0 + 30, 5)).toEqual(['again']);
    });
  });
}
