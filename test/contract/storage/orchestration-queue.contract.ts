import { describe, expect, it } from 'vitest';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, T0, timerFired, useProvider, type MakeStorageProvider } from './storage-fixtures';

export function describeOrchestrationQueueContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: orchestration work items`, () => {
    const provider = useProvider(makeProvider);
    const claim = (owner: string, now: number, maxItems = 10, leaseMs = LEASE_MS) =>
      provider().claimOrchestrationWorkItems({ owner, now, leaseMs, maxItems });

    it('respects visibility times and reports the next one', async () => {
      await provider().createInstance(newInstance('later', { visibleAt: T0 + 1000 }));
      expect(await claim('w', T0)).toEqual([]);
      expect(await provider().nextVisibleAt('orchestration', T0)).toBe(T0 + 1000);
      expect(await provider().nextVisibleAt('orchestration', T0 + 999)).toBe(T0 + 1000);
      const [item, ...rest] = await claim('w', T0 + 1000);
      expect(rest).toEqual([]);
      expect(item?.instance.instanceId).toBe('later');
      expect(item?.messages[0]?.visibleAt).toBe(T0 + 1000);
      expect(await provider().nextVisibleAt('orchestration', T0 + 1000)).toBeUndefined();
    });

    it('returns nothing when there is no work', async () => {
      expect(await claim('w', T0)).toEqual([]);
      expect(await provider().nextVisibleAt('orchestration', T0)).toBeUndefined();
      expect(await provider().nextVisibleAt('activity', T0)).toBeUndefined();
    });

    it('claims at most maxItems instances, oldest visible message first', async () => {
      await provider().createInstance(newInstance('third', { createdAt: T0 + 2 }));
      await provider().createInstance(newInstance('first', { createdAt: T0 }));
      await provider().createInstance(newInstance('second', { createdAt: T0 + 1 }));
      const items = await claim('w', T0 + 10, 2);
      expect(items.map((i) => i.instance.instanceId)).toEqual(['first', 'second']);
      const rest = await claim('w', T0 + 10, 2);
      expect(rest.map((i) => i.instance.instanceId)).toEqual(['third']);
    });

    it('returns only messages visible at claim time, in enqueue order, with the instance record and lease', async () => {
      await provider().createInstance(newInstance('i1'));
      const first = await claimOne(provider(), 'worker-a', T0);
      const timerAt = T0 + 5000;
      await provider().commitOrchestrationEpisodes(
        'worker-a',
        [
          episodeFor(first, {
            messages: [
              { instanceId: 'i1', event: timerFired(1, timerAt), visibleAt: timerAt },
              { instanceId: 'i1', event: eventRaised('a'), visibleAt: T0 + 1 },
              { instanceId: 'i1', event: eventRaised('b'), visibleAt: T0 + 1 },
            ],
          }),
        ]
      );
      const item = await claimOne(provider(), 'worker-b', T0 + 2);
      expect(item.leaseExpiresAt).toBe(T0 + 2 + LEASE_MS);
      expect(item.instance).toMatchObject({ instanceId: 'i1', runtimeStatus: 'Running', historyLength: 2 });
      expect(item.messages.map((m) => m.event.type === 'EventRaised' && m.event.name)).toEqual(['a', 'b']);
      const [a, b] = item.messages;
      expect((a?.messageId ?? 0) < (b?.messageId ?? 0)).toBe(true);
      expect(await provider().nextVisibleAt('orchestration', T0 + 2)).toBe(timerAt);
    });

    it('does not let B claim an instance leased by A until the lease expires; then A is fenced off', async () => {
      await provider().createInstance(newInstance('i1'));
      const itemA = await claimOne(provider(), 'worker-a', T0, 10_000);
      expect(itemA.messages[0]?.dequeueCount).toBe(1);
      expect(await claim('worker-b', T0 + 1)).toEqual([]);
      expect(await claim('worker-b', T0 + 9_999)).toEqual([]);

      const itemB = await claimOne(provider(), 'worker-b', T0 + 10_000, 10_000);
      expect(itemB.messages.map((m) => m.messageId)).toEqual(itemA.messages.map((m) => m.messageId));
      expect(itemB.messages[0]?.dequeueCount).toBe(2);

      expect(await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(itemA)])).toEqual(['lease-lost']);
      expect(await provider().getHistory('i1')).toEqual([]);
      expect(await provider().getInstance('i1')).toMatchObject({ runtimeStatus: 'Pending', historyLength: 0 });

      expect(await provider().commitOrchestrationEpisodes('worker-b', [episodeFor(itemB)])).toEqual(['committed']);
      expect(await provider().getHistory('i1')).toHaveLength(2);
    });

    it('abandon releases the lease and hides the messages until retryAt; only the owner may abandon', async () => {
      await provider().createInstance(newInstance('i1'));
      await claimOne(provider(), 'worker-a', T0);
      await provider().abandonOrchestrationWorkItem('worker-b', 'i1', T0 + 1);
      expect(await claim('worker-b', T0 + 1)).toEqual([]);

      await provider().abandonOrchestrationWorkItem('worker-a', 'i1', T0 + 5000);
      expect(await claim('worker-b', T0 + 1)).toEqual([]);
      expect(await provider().nextVisibleAt('orchestration', T0 + 1)).toBe(T0 + 5000);
      const again = await claimOne(provider(), 'worker-b', T0 + 5000);
      expect(again.messages).toHaveLength(1);
      expect(again.messages[0]?.dequeueCount).toBe(2);
      expect(again.messages[0]?.visibleAt).toBe(T0 + 5000);
    });

    it('renews leases only for their owner', async () => {
      await provider().createInstance(newInstance('i1'));
      await claimOne(provider(), 'worker-a', T0, 1000);
      expect(await provider().renewOrchestrationLeases('worker-b', ['i1'], T0 + 500, 1000)).toEqual([]);
      expect(await provider().renewOrchestrationLeases('worker-a', ['i1', 'nobody'], T0 + 500, 1000)).toEqual(['i1']);
      expect(await claim('worker-b', T0 + 1000)).toEqual([]);
      expect(await claim('worker-b', T0 + 1499)).toEqual([]);
      await claimOne(provider(), 'worker-b', T0 + 1500);
      expect(await provider().renewOrchestrationLeases('worker-a', ['i1'], T0 + 1600, 1000)).toEqual([]);
    });
  });
}
