import { describe, expect, it } from 'vitest';
import type { ActivityWorkItem } from '../../../src/storage/storage-records';
import { claimOne, startWithActivity, T0, taskCompleted, taskFailed, useProvider, type MakeStorageProvider } from './storage-fixtures';

export function describeActivityQueueContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: activity work items`, () => {
    const provider = useProvider(makeProvider);
    const claim = (owner: string, now: number, leaseMs = 1000, maxItems = 10) =>
      provider().claimActivityWorkItems({ owner, now, leaseMs, maxItems });
    const claimSingle = async (owner: string, now: number, leaseMs = 1000): Promise<ActivityWorkItem> => {
      const [item, ...rest] = await claim(owner, now, leaseMs);
      if (item === undefined || rest.length > 0) throw new Error('expected exactly one activity work item');
      return item;
    };

    it('leases an item to one worker, lets another re-claim it after expiry and counts dequeues', async () => {
      await startWithActivity(provider(), 'i1');
      const first = await claimSingle('worker-1', T0);
      expect(first).toMatchObject({ instanceId: 'i1', executionId: 'i1-exec-1', taskId: 0, name: 'SayHello', input: '"Tokyo"', dequeueCount: 1, leaseExpiresAt: T0 + 1000 });
      expect(await claim('worker-2', T0 + 500)).toEqual([]);
      expect(await claim('worker-2', T0 + 999)).toEqual([]);
      const second = await claimSingle('worker-2', T0 + 1000);
      expect(second.workItemId).toBe(first.workItemId);
      expect(second.dequeueCount).toBe(2);
      expect(second.leaseExpiresAt).toBe(T0 + 2000);
    });

    it("keeps an activity call's own time limit with its work item, and none when the call gave none", async () => {
      await startWithActivity(provider(), 'limited', 1500);
      await startWithActivity(provider(), 'unlimited');
      const [limited, unlimited] = await claim('w', T0);
      expect(limited).toMatchObject({ instanceId: 'limited', timeoutMs: 1500 });
      expect(unlimited?.instanceId).toBe('unlimited');
      expect(unlimited).not.toHaveProperty('timeoutMs');
    });

    it('claims at most maxItems, in creation order', async () => {
      await startWithActivity(provider(), 'a');
      await startWithActivity(provider(), 'b');
      await startWithActivity(provider(), 'c');
      const firstTwo = await claim('w', T0, 1000, 2);
      expect(firstTwo.map((i) => i.instanceId)).toEqual(['a', 'b']);
      expect((firstTwo[0]?.workItemId ?? 0) < (firstTwo[1]?.workItemId ?? 0)).toBe(true);
      expect((await claim('w', T0, 1000, 2)).map((i) => i.instanceId)).toEqual(['c']);
    });

    it('renews leases only for the owner', async () => {
      await startWithActivity(provider(), 'i1');
      const item = await claimSingle('worker-1', T0);
      expect(await provider().renewActivityLeases('worker-2', [item.workItemId], T0 + 500, 1000)).toEqual([]);
      expect(await provider().renewActivityLeases('worker-1', [item.workItemId, 424242], T0 + 500, 1000)).toEqual([item.workItemId]);
      expect(await claim('worker-2', T0 + 1000)).toEqual([]);
      expect(await claim('worker-2', T0 + 1499)).toEqual([]);
      await claimSingle('worker-2', T0 + 1500);
      expect(await provider().renewActivityLeases('worker-1', [item.workItemId], T0 + 1600, 1000)).toEqual([]);
    });

    it('abandon by the owner makes the item visible again at retryAt; others cannot abandon it', async () => {
      await startWithActivity(provider(), 'i1');
      const item = await claimSingle('worker-1', T0, 10_000);
      await provider().abandonActivityWorkItem('worker-2', item.workItemId, T0 + 1);
      expect(await claim('worker-2', T0 + 1)).toEqual([]);

      await provider().abandonActivityWorkItem('worker-1', item.workItemId, T0 + 5000);
      expect(await claim('worker-2', T0 + 4999)).toEqual([]);
      expect(await provider().nextVisibleAt('activity', T0 + 1)).toBe(T0 + 5000);
      const again = await claimSingle('worker-2', T0 + 5000);
      expect(again.dequeueCount).toBe(2);
    });

    it('delivers a result to the instance inbox and drops a duplicate result for the same work item', async () => {
      await startWithActivity(provider(), 'i1');
      const item = await claimSingle('worker-1', T0);
      const result = { workItemId: item.workItemId, instanceId: 'i1', event: taskCompleted(0) };
      expect(await provider().completeActivityWorkItems([result], T0 + 10)).toBe(1);
      expect(await provider().completeActivityWorkItems([{ ...result, event: taskFailed(0) }], T0 + 11)).toBe(0);
      expect(await claim('worker-2', T0 + 100_000)).toEqual([]);

      const orchestration = await claimOne(provider(), 'orchestrator', T0 + 11);
      expect(orchestration.messages.map((m) => m.event)).toEqual([result.event]);
      expect(orchestration.messages[0]?.visibleAt).toBe(T0 + 10);
    });

    it('accepts only the first of two results for one work item in a single batch', async () => {
      await startWithActivity(provider(), 'i1');
      await startWithActivity(provider(), 'i2');
      const [one, two] = await claim('worker-1', T0);
      if (one === undefined || two === undefined) throw new Error('expected two items');
      const accepted = await provider().completeActivityWorkItems(
        [
          { workItemId: one.workItemId, instanceId: 'i1', event: taskCompleted(0, '"first"') },
          { workItemId: one.workItemId, instanceId: 'i1', event: taskCompleted(0, '"second"') },
          { workItemId: two.workItemId, instanceId: 'i2', event: taskFailed(0) },
        ],
        T0 + 1,
      );
      expect(accepted).toBe(2);
      const items = await provider().claimOrchestrationWorkItems({ owner: 'o', now: T0 + 1, leaseMs: 1000, maxItems: 10 });
      const byId = new Map(items.map((i) => [i.instance.instanceId, i.messages.map((m) => m.event)]));
      expect(byId.get('i1')).toEqual([taskCompleted(0, '"first"')]);
      expect(byId.get('i2')).toEqual([taskFailed(0)]);
    });

    it('accepts an empty batch of results', async () => {
      expect(await provider().completeActivityWorkItems([], T0)).toBe(0);
    });
  });
}
