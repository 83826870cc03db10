import { describe, expect, it } from 'vitest';
import { newInstance, startWithActivity, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

/** The backlog behind the queue metrics: due work not taken, and when the oldest became due. */
export function describePendingWorkContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: pending work`, () => {
    const provider = useProvider(makeProvider);

    it('is empty for an empty hub', async () => {
      expect(await provider().pendingWork(T0)).toEqual({ orchestration: { pending: 0 }, activity: { pending: 0 } });
    });

    it('counts due orchestration messages, not future ones, with the oldest visibility time', async () => {
      await provider().createInstance(newInstance('early', { createdAt: T0 }));
      await provider().createInstance(newInstance('late', { createdAt: T0 + 10, visibleAt: T0 + 10 }));
      await provider().createInstance(newInstance('future', { createdAt: T0, visibleAt: T0 + 60_000 }));
      expect((await provider().pendingWork(T0 + 100)).orchestration).toEqual({ pending: 2, oldestVisibleAt: T0 });
      expect((await provider().pendingWork(T0 + 60_000)).orchestration).toEqual({ pending: 3, oldestVisibleAt: T0 });
    });

    it('counts activity items until one is leased, and again once its lease has expired', async () => {
      await startWithActivity(provider(), 'a');
      await startWithActivity(provider(), 'b');
      expect((await provider().pendingWork(T0)).activity).toEqual({ pending: 2, oldestVisibleAt: T0 });
      await provider().claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: 1000, maxItems: 1 });
      expect((await provider().pendingWork(T0 + 1)).activity).toEqual({ pending: 1, oldestVisibleAt: T0 });
      expect((await provider().pendingWork(T0 + 1000)).activity).toEqual({ pending: 2, oldestVisibleAt: T0 });
    });
  });
}
