import { describe, expect, it } from 'vitest';
import type { StorageChange } from '../../../src/storage/storage-provider';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, startWithActivity, T0, taskCompleted, useProvider, type MakeStorageProvider } from './storage-fixtures';

export function describeChangesAndStatsContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: change notifications and stats`, () => {
    const provider = useProvider(makeProvider);
    const record = (): StorageChange[] => {
      const seen: StorageChange[] = [];
      provider().onChange((change) => seen.push(change));
      return seen;
    };

    it('announces a created instance and its orchestration work', async () => {
      const seen = record();
      await provider().createInstance(newInstance('i1'));
      expect(seen).toContainEqual({ kind: 'instance', instanceId: 'i1' });
      expect(seen).toContainEqual({ kind: 'work', work: 'orchestration' });
    });

    it('announces a commit: the instance, its new activities and its messages', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider());
      const seen = record();
      await provider().commitOrchestrationEpisodes(
        'worker-a',
        [episodeFor(item, { activities: [{ taskId: 0, name: 'A', visibleAt: T0 }], messages: [{ instanceId: 'i9', event: eventRaised('e'), visibleAt: T0 }] })]
      );
      expect(seen).toContainEqual({ kind: 'instance', instanceId: 'i1', runtimeStatus: 'Running' });
      expect(seen).toContainEqual({ kind: 'work', work: 'activity' });
      expect(seen).toContainEqual({ kind: 'work', work: 'orchestration' });
    });

    it('does not announce work a commit did not create, nor a refused commit', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider());
      const seen = record();
      await provider().commitOrchestrationEpisodes('someone-else', [episodeFor(item)]);
      expect(seen).toEqual([]);
      await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(item)]);
      expect(seen).toEqual([{ kind: 'instance', instanceId: 'i1', runtimeStatus: 'Running' }]);
    });

    it('tells the status an episode left, so a waiter can skip reading a running instance', async () => {
      await provider().createInstance(newInstance('done'));
      await provider().createInstance(newInstance('running', { createdAt: T0 + 1 }));
      const items = await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 2 });
      const seen = record();
      await provider().commitOrchestrationEpisodes(
        'worker-a',
        items.map((item) => episodeFor(item, item.instance.instanceId === 'done' ? { update: { runtimeStatus: 'Completed', output: '1', completedAt: T0 + 1 } } : {})),
      );
      expect(seen.filter((change) => change.kind === 'instance')).toEqual([
        { kind: 'instance', instanceId: 'done', runtimeStatus: 'Completed' },
        { kind: 'instance', instanceId: 'running', runtimeStatus: 'Running' },
      ]);
    });

    it('gives no status when the transaction changed the instance in another way too', async () => {
      await provider().createInstance(newInstance('parent'));
      await provider().createInstance(newInstance('child', { createdAt: T0 + 1 }));
      const items = await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 2 });
      const child = items.find((item) => item.instance.instanceId === 'child');
      const parent = items.find((item) => item.instance.instanceId === 'parent');
      if (child === undefined || parent === undefined) throw new Error('unexpected claim');
      const seen = record();
      // The child finishes, then the parent's episode in the same batch starts a new instance under the child's id.
      await provider().commitOrchestrationEpisodes('worker-a', [
        episodeFor(child, { update: { runtimeStatus: 'Completed', output: '1', completedAt: T0 + 1 } }),
        episodeFor(parent, { newInstances: [newInstance('child', { executionId: 'child-exec-2', createdAt: T0 + 1 })] }),
      ]);
      expect(seen).toContainEqual({ kind: 'instance', instanceId: 'child' });
      expect((await provider().getInstance('child'))?.runtimeStatus).toBe('Pending');
    });

    it('announces orchestration work when an activity result is accepted', async () => {
      await startWithActivity(provider(), 'i1');
      const [activity] = await provider().claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
      if (activity === undefined) throw new Error('no activity');
      const seen = record();
      await provider().completeActivityWorkItems([{ workItemId: activity.workItemId, instanceId: 'i1', event: taskCompleted(0) }], T0 + 1);
      expect(seen).toContainEqual({ kind: 'work', work: 'orchestration' });
    });

    it('survives a listener that throws, and stops calling a listener after unsubscribe', async () => {
      provider().onChange(() => {
        throw new Error('listener bug');
      });
      const seen: StorageChange[] = [];
      const unsubscribe = provider().onChange((change) => seen.push(change));
      await provider().createInstance(newInstance('i1'));
      expect(seen.length).toBeGreaterThan(0);
      expect(await provider().getInstance('i1')).toBeDefined();
      unsubscribe();
      const count = seen.length;
      await provider().createInstance(newInstance('i2'));
      expect(seen).toHaveLength(count);
    });

    it('counts one commit per write transaction; a batch of three episodes counts one', async () => {
      const start = provider().stats().commits;
      for (const id of ['a', 'b', 'c']) await provider().createInstance(newInstance(id));
      expect(provider().stats().commits).toBe(start + 3);
      const items = await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 3 });
      expect(items).toHaveLength(3);
      expect(provider().stats().commits).toBe(start + 4);
      const outcomes = await provider().commitOrchestrationEpisodes('w', items.map((i) => episodeFor(i)));
      expect(outcomes).toEqual(['committed', 'committed', 'committed']);
      expect(provider().stats().commits).toBe(start + 5);
    });
  });
}
