import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../src/model/runtime-status';
import { claimOne, episodeFor, newInstance, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';
import type { StorageProvider } from '../../../src/storage/storage-provider';

async function finish(provider: StorageProvider, _id: string, status: RuntimeStatus, at: number): Promise<void> {
  const item = await claimOne(provider, 'w', at);
  const commit = episodeFor(item, { update: { runtimeStatus: status, lastUpdatedAt: at, completedAt: at } });
  expect(await provider.commitOrchestrationEpisodes('w', [commit])).toEqual(['committed']);
}

export function describeInstanceQueriesContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind}: querying and purging instances`, () => {
    const provider = useProvider(makeProvider);

    it('pages by creation time with continuation tokens, neither skipping nor repeating while instances are added', async () => {
      for (let i = 0; i < 10; i++) await provider().createInstance(newInstance(`q-${i}`, { createdAt: T0 + i }));
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await provider().queryInstances({ pageSize: 3, ...(token !== undefined ? { continuationToken: token } : {}) });
        seen.push(...page.instances.map((r) => r.instanceId));
        token = page.continuationToken;
        // New instances keep arriving while the caller pages.
        if (pages < 2) await provider().createInstance(newInstance(`late-${pages}`, { createdAt: T0 + 100 + pages }));
        pages++;
      } while (token !== undefined);
      expect(seen).toEqual([...Array.from({ length: 10 }, (_, i) => `q-${i}`), 'late-0', 'late-1']);
    });

    it('filters by creation time, status and id prefix', async () => {
      await provider().createInstance(newInstance('order-1', { createdAt: T0 }));
      await provider().createInstance(newInstance('order-2', { createdAt: T0 + 10 }));
      await provider().createInstance(newInstance('invoice-1', { createdAt: T0 + 20 }));
      const ids = async (q: Parameters<StorageProvider['queryInstances']>[0]) => (await provider().queryInstances(q)).instances.map((r) => r.instanceId);
      expect(await ids({ pageSize: 10, instanceIdPrefix: 'order-' })).toEqual(['order-1', 'order-2']);
      expect(await ids({ pageSize: 10, createdFrom: T0 + 5, createdTo: T0 + 20 })).toEqual(['order-2', 'invoice-1']);
      expect(await ids({ pageSize: 10, statuses: ['Running'] })).toEqual([]);
      expect(await ids({ pageSize: 10, statuses: ['Pending'], instanceIdPrefix: 'inv' })).toEqual(['invoice-1']);
    });

    it('purges only finished instances that match, with their history, and counts them', async () => {
      // claimOne takes the only visible instance, so each is finished before the next is created.
      await provider().createInstance(newInstance('done-1', { createdAt: T0 }));
      await finish(provider(), 'done-1', 'Completed', T0 + 10);
      await provider().createInstance(newInstance('failed-1', { createdAt: T0 + 1 }));
      await finish(provider(), 'failed-1', 'Failed', T0 + 11);
      await provider().createInstance(newInstance('live-1', { createdAt: T0 + 2 }));
      expect(await provider().purgeInstances({ statuses: ['Completed', 'Failed', 'Terminated', 'Pending'] })).toBe(2);
      expect(await provider().getInstance('done-1')).toBeUndefined();
      expect(await provider().getHistory('failed-1')).toEqual([]);
      expect((await provider().getInstance('live-1'))?.runtimeStatus).toBe('Pending');
      expect(await provider().purgeInstances({ instanceId: 'live-1' })).toBe(0);
    });

    it('refuses a continuation token it did not make', async () => {
      await expect(provider().queryInstances({ pageSize: 5, continuationToken: 'not-a-token' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
}
