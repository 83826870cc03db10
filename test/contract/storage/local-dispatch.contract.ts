import { describe, expect, it } from 'vitest';
import type { ActivityWorkItem, OrchestrationWorkItem } from '../../../src/storage/storage-records';
import type { StorageChange } from '../../../src/storage/storage-provider';
import {
  claimOne,
  episodeFor,
  eventRaised,
  LEASE_MS,
  newInstance,
  orchestratorStarted,
  T0,
  taskCompleted,
  taskScheduled,
  useProvider,
  type MakeStorageProvider,
} from './storage-fixtures';

/**
 * A worker that runs an episode's activities itself: the commit creates them leased to it, and
 * the episode after them takes their results straight from it (claiming the instance by id and
 * deleting the work items in its commit) instead of through the activity and inbox queues.
 */
export function describeLocalDispatchContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: episodes that run their own activities`, () => {
    const provider = useProvider(makeProvider);

    /** Starts `instanceId` and commits a first episode that schedules SayHello (task 0) leased to `owner`. */
    async function startLeased(instanceId: string, owner = 'worker-a'): Promise<{ item: OrchestrationWorkItem; leased: ActivityWorkItem }> {
      await provider().createInstance(newInstance(instanceId));
      const item = await claimOne(provider(), owner, T0);
      const commit = episodeFor(item, {
        newHistory: [orchestratorStarted(), ...item.messages.map((m) => m.event), taskScheduled(0)],
        activities: [{ taskId: 0, name: 'SayHello', input: '"Tokyo"', visibleAt: T0, leaseExpiresAt: T0 + LEASE_MS }],
      });
      const { outcomes, leasedActivities } = await provider().commitOrchestrationEpisodeBatch(owner, [commit]);
      expect(outcomes).toEqual(['committed']);
      const [leased, ...more] = leasedActivities;
      if (leased === undefined || more.length > 0) throw new Error(`expected one leased activity, got ${leasedActivities.length}`);
      return { item, leased };
    }

    it('creates the activities an episode asks to lease as work items of the committer, and announces only the others', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider(), 'worker-a', T0);
      const changes: StorageChange[] = [];
      const stop = provider().onChange((change) => changes.push(change));
      const { outcomes, leasedActivities } = await provider().commitOrchestrationEpisodeBatch('worker-a', [
        episodeFor(item, {
          newHistory: [orchestratorStarted(), ...item.messages.map((m) => m.event), taskScheduled(0), taskScheduled(1, 'SayBye')],
          activities: [
            { taskId: 0, name: 'SayHello', input: '"Tokyo"', timeoutMs: 500, visibleAt: T0, leaseExpiresAt: T0 + 5_000 },
            { taskId: 1, name: 'SayBye', visibleAt: T0 },
          ],
        }),
      ]);
      stop();
      expect(outcomes).toEqual(['committed']);
      expect(leasedActivities.map(({ workItemId: _id, ...rest }) => rest)).toEqual([
        { instanceId: 'i1', executionId: 'i1-exec-1', taskId: 0, name: 'SayHello', input: '"Tokyo"', timeoutMs: 500, dequeueCount: 1, leaseExpiresAt: T0 + 5_000 },
      ]);
      expect(changes).toContainEqual({ kind: 'work', work: 'activity' });
      // Another worker claims only the unleased one until the lease runs out.
      const others = await provider().claimActivityWorkItems({ owner: 'worker-b', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
      expect(others.map((a) => a.name)).toEqual(['SayBye']);
      const leasedId = leasedActivities[0]?.workItemId;
      expect(await provider().renewActivityLeases('worker-a', [leasedId ?? -1], T0 + 1, 1_000)).toEqual([leasedId]);
      const later = await provider().claimActivityWorkItems({ owner: 'worker-b', now: T0 + 1_001, leaseMs: LEASE_MS, maxItems: 10 });
      expect(later.map((a) => [a.workItemId, a.dequeueCount])).toEqual([[leasedId, 2]]);
    });

    it('does not announce new activity work when every new activity is leased', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider(), 'worker-a', T0);
      const changes: StorageChange[] = [];
      const stop = provider().onChange((change) => changes.push(change));
      await provider().commitOrchestrationEpisodeBatch('worker-a', [
        episodeFor(item, { activities: [{ taskId: 0, name: 'SayHello', visibleAt: T0, leaseExpiresAt: T0 + LEASE_MS }] }),
      ]);
      stop();
      expect(changes.filter((c) => c.kind === 'work' && c.work === 'activity')).toEqual([]);
    });

    it('claims named instances with a free lease, with their visible messages or none, and passes over the others', async () => {
      const { item } = await startLeased('mine');
      await provider().createInstance(newInstance('busy'));
      await claimOne(provider(), 'worker-b', T0);
      await provider().sendToInstance('mine', eventRaised('go'), T0 + 2);
      await provider().sendToInstance('mine', eventRaised('later'), T0 + 60_000);

      const claimed = await provider().claimOrchestrationInstances({ owner: 'worker-a', now: T0 + 3, leaseMs: LEASE_MS, instanceIds: ['mine', 'busy', 'unknown'] });
      expect(claimed.map((c) => c.instance.instanceId)).toEqual(['mine']);
      expect(claimed[0]?.instance.historyLength).toBe(item.messages.length + 2);
      expect(claimed[0]?.messages.map((m) => [m.event.type, m.dequeueCount])).toEqual([['EventRaised', 1]]);
      expect(claimed[0]?.leaseExpiresAt).toBe(T0 + 3 + LEASE_MS);
      // Leased now: neither the queue nor another named claim hands it out again.
      expect(await provider().claimOrchestrationWorkItems({ owner: 'worker-c', now: T0 + 4, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await provider().claimOrchestrationInstances({ owner: 'worker-c', now: T0 + 4, leaseMs: LEASE_MS, instanceIds: ['mine'] })).toEqual([]);

      await provider().createInstance(newInstance('quiet'));
      const quiet = await claimOne(provider(), 'worker-a', T0);
      await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(quiet)]);
      const [idle] = await provider().claimOrchestrationInstances({ owner: 'worker-a', now: T0 + 5, leaseMs: LEASE_MS, instanceIds: ['quiet'] });
      expect(idle?.messages).toEqual([]);
    });

    it("commits the next episode with an activity's result straight from its worker and deletes the work item", async () => {
      const { leased } = await startLeased('i1');
      const [claimed] = await provider().claimOrchestrationInstances({ owner: 'worker-a', now: T0 + 10, leaseMs: LEASE_MS, instanceIds: ['i1'] });
      if (claimed === undefined) throw new Error('not claimed');
      const result = taskCompleted(0);
      const commit = episodeFor(claimed, {
        newHistory: [orchestratorStarted(T0 + 10), result],
        completedActivityIds: [leased.workItemId],
        update: { runtimeStatus: 'Completed', output: '"done"', lastUpdatedAt: T0 + 10, completedAt: T0 + 10 },
      });
      expect(await provider().commitOrchestrationEpisodes('worker-a', [commit])).toEqual(['committed']);

      const history = await provider().getHistory('i1');
      expect(history.slice(-2)).toEqual([orchestratorStarted(T0 + 10), result]);
      expect((await provider().getInstance('i1'))?.runtimeStatus).toBe('Completed');
      // The work item is gone: a late result for it through the queue path is refused.
      expect(await provider().completeActivityWorkItems([{ workItemId: leased.workItemId, instanceId: 'i1', event: result }], T0 + 11)).toBe(0);
      expect(await provider().claimActivityWorkItems({ owner: 'worker-b', now: T0 + LEASE_MS * 3, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
    });

    it("refuses, writing nothing, an episode with a result whose work item another worker took over", async () => {
      const { leased } = await startLeased('i1');
      // The lease ran out and another worker claimed the item again.
      const [taken] = await provider().claimActivityWorkItems({ owner: 'worker-b', now: T0 + LEASE_MS, leaseMs: LEASE_MS, maxItems: 10 });
      expect(taken?.workItemId).toBe(leased.workItemId);
      const [claimed] = await provider().claimOrchestrationInstances({ owner: 'worker-a', now: T0 + LEASE_MS, leaseMs: LEASE_MS, instanceIds: ['i1'] });
      if (claimed === undefined) throw new Error('not claimed');
      const before = await provider().getHistory('i1');
      const commit = episodeFor(claimed, {
        newHistory: [orchestratorStarted(T0 + 10), taskCompleted(0)],
        completedActivityIds: [leased.workItemId],
        activities: [{ taskId: 1, name: 'SayBye', visibleAt: T0, leaseExpiresAt: T0 + LEASE_MS * 2 }],
      });
      const outcome = await provider().commitOrchestrationEpisodeBatch('worker-a', [commit]);
      expect(outcome).toEqual({ outcomes: ['lease-lost'], leasedActivities: [] });
      expect(await provider().getHistory('i1')).toEqual(before);
      // worker-b's result is still accepted through the queue.
      expect(await provider().completeActivityWorkItems([{ workItemId: leased.workItemId, instanceId: 'i1', event: taskCompleted(0) }], T0 + LEASE_MS + 1)).toBe(1);
    });

    it('refuses an episode naming a result of a work item that is gone', async () => {
      const { leased } = await startLeased('i1');
      expect(await provider().completeActivityWorkItems([{ workItemId: leased.workItemId, instanceId: 'i1', event: taskCompleted(0) }], T0 + 1)).toBe(1);
      const [claimed] = await provider().claimOrchestrationInstances({ owner: 'worker-a', now: T0 + 2, leaseMs: LEASE_MS, instanceIds: ['i1'] });
      if (claimed === undefined) throw new Error('not claimed');
      const commit = episodeFor(claimed, { completedActivityIds: [leased.workItemId] });
      expect(await provider().commitOrchestrationEpisodes('worker-a', [commit])).toEqual(['lease-lost']);
      // The result that went through the inbox is still there for the next episode.
      expect(claimed.messages.map((m) => m.event.type)).toEqual(['TaskCompleted']);
    });
  });
}
