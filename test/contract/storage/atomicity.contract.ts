import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/model/history-event';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import type { EpisodeCommit, OrchestrationWorkItem } from '../../../src/storage/storage-records';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, T0, taskScheduled, useProvider, type MakeStorageProvider } from './storage-fixtures';

/** An event JSON cannot encode: a provider can only find out part-way through writing the episode. */
function unserialisableEvent(): HistoryEvent {
  const event: HistoryEvent & { extra?: unknown } = { ...eventRaised('poison'), extra: BigInt(1) };
  return event;
}

/** A commit that deletes messages and writes history before it reaches the event that cannot be stored. */
function poisonedCommit(item: OrchestrationWorkItem): EpisodeCommit {
  const good = episodeFor(item, {
    update: { runtimeStatus: 'Completed', output: '"never"', completedAt: T0 + 1 },
    activities: [{ taskId: 0, name: 'SayHello', visibleAt: T0 }],
    messages: [{ instanceId: 'elsewhere', event: eventRaised('never'), visibleAt: T0 }],
  });
  return { ...good, newHistory: [...good.newHistory, taskScheduled(0), unserialisableEvent()] };
}

async function snapshot(provider: StorageProvider, instanceId: string): Promise<unknown> {
  return { instance: await provider.getInstance(instanceId), history: await provider.getHistory(instanceId) };
}

export function describeAtomicityContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: atomic commits`, () => {
    const provider = useProvider(makeProvider);

    it('a failure part-way through a commit leaves no partial history, row change or deleted message', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider(), 'worker-a', T0);
      const before = await snapshot(provider(), 'i1');
      const commitsBefore = provider().stats().commits;

      await expect(provider().commitOrchestrationEpisodes('worker-a', [poisonedCommit(item)])).rejects.toThrow();

      expect(await snapshot(provider(), 'i1')).toEqual(before);
      expect(provider().stats().commits).toBe(commitsBefore);
      expect(await provider().claimActivityWorkItems({ owner: 'act', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await provider().nextVisibleAt('orchestration', T0 - 1)).toBe(T0);
      // The lease is still worker-a's and the consumed message is still there: a clean retry commits.
      expect(await provider().claimOrchestrationWorkItems({ owner: 'worker-b', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(item)])).toEqual(['committed']);
      expect(await provider().getHistory('i1')).toEqual(episodeFor(item).newHistory);
    });

    it('a failure in one episode of a batch rolls back the whole batch', async () => {
      await provider().createInstance(newInstance('good'));
      await provider().createInstance(newInstance('bad', { createdAt: T0 + 1 }));
      const items = await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 2 });
      const [good, bad] = items;
      if (good?.instance.instanceId !== 'good' || bad?.instance.instanceId !== 'bad') throw new Error('unexpected claim order');
      const goodBefore = await snapshot(provider(), 'good');

      await expect(provider().commitOrchestrationEpisodes('worker-a', [episodeFor(good), poisonedCommit(bad)])).rejects.toThrow();

      expect(await snapshot(provider(), 'good')).toEqual(goodBefore);
      expect(await provider().getHistory('bad')).toEqual([]);
      // Both leases are still held and both inboxes intact.
      const outcomes = await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(good), episodeFor(bad)]);
      expect(outcomes).toEqual(['committed', 'committed']);
      expect(await provider().getHistory('good')).toHaveLength(2);
      expect(await provider().getHistory('bad')).toHaveLength(2);
    });
  });
}
