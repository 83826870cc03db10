import { describe, expect, it } from 'vitest';
import type { ActivityWorkItem, EpisodeCommit, OrchestrationWorkItem } from '../../../src/storage/storage-records';
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

    /** The next episode of `instanceId` as its worker runs it without claiming: the result of `workItemId` and nothing from the inbox. */
    async function unclaimedEpisode(instanceId: string, workItemId: number, leaseFreeAt: number, overrides: Partial<EpisodeCommit> = {}): Promise<EpisodeCommit> {
      const instance = await provider().getInstance(instanceId);
      if (instance === undefined) throw new Error('no instance');
      return episodeFor(
        { instance, messages: [], leaseExpiresAt: 0 },
        { newHistory: [orchestratorStarted(leaseFreeAt), taskCompleted(0)], completedActivityIds: [workItemId], leaseFreeAt, ...overrides },
      );
    }

    it("commits the next episode with an activity's result straight from its worker, unclaimed, and deletes the work item", async () => {
      const { leased } = await startLeased('i1');
      await provider().sendToInstance('i1', eventRaised('later'), T0 + 60_000);
      const commit = await unclaimedEpisode('i1', leased.workItemId, T0 + 10, {
        update: { runtimeStatus: 'Completed', output: '"done"', lastUpdatedAt: T0 + 10, completedAt: T0 + 10 },
      });
      expect(await provider().commitOrchestrationEpisodes('worker-a', [commit])).toEqual(['committed']);

      expect((await provider().getHistory('i1')).slice(-2)).toEqual([orchestratorStarted(T0 + 10), taskCompleted(0)]);
      expect(await provider().getInstance('i1')).toMatchObject({ runtimeStatus: 'Completed', historyLength: 5 });
      // The work item is gone: a late result for it through the queue path is refused.
      expect(await provider().completeActivityWorkItems([{ workItemId: leased.workItemId, instanceId: 'i1', event: taskCompleted(0) }], T0 + 11)).toBe(0);
      expect(await provider().claimActivityWorkItems({ owner: 'worker-b', now: T0 + LEASE_MS * 3, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      // The inbox was left as it was.
      const [later] = await provider().claimOrchestrationWorkItems({ owner: 'worker-b', now: T0 + 60_000, leaseMs: LEASE_MS, maxItems: 10 });
      expect(later?.messages.map((m) => m.event.type)).toEqual(['EventRaised']);
    });

    it('refuses an unclaimed episode while anyone, the committer included, holds a live lease on the instance', async () => {
      // Another worker holds a live lease (it claimed the instance for an event): refused, nothing written.
      const other = await startLeased('busy');
      await provider().sendToInstance('busy', eventRaised('go'), T0 + 1);
      await claimOne(provider(), 'worker-b', T0 + 1);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [await unclaimedEpisode('busy', other.leased.workItemId, T0 + 5)])).toEqual(['lease-lost']);
      expect((await provider().getInstance('busy'))?.historyLength).toBe(3);
      // The same lease, expired at the episode's time: committed.
      const late = await unclaimedEpisode('busy', other.leased.workItemId, T0 + 1 + LEASE_MS);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [late])).toEqual(['committed']);

      // A live lease of the committer's own (an episode it claimed and is running) refuses it too.
      const own = await startLeased('own', 'worker-a');
      await provider().sendToInstance('own', eventRaised('go'), T0 + 1);
      const claimed = await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
      expect(claimed.map((item) => item.instance.instanceId)).toContain('own');
      expect(await provider().commitOrchestrationEpisodes('worker-a', [await unclaimedEpisode('own', own.leased.workItemId, T0 + 5)])).toEqual(['lease-lost']);
    });

    it('refuses, writing nothing, an episode with a result whose work item another worker took over', async () => {
      const { leased } = await startLeased('i1');
      // The lease ran out and another worker claimed the item again.
      const [taken] = await provider().claimActivityWorkItems({ owner: 'worker-b', now: T0 + LEASE_MS, leaseMs: LEASE_MS, maxItems: 10 });
      expect(taken?.workItemId).toBe(leased.workItemId);
      const before = await provider().getHistory('i1');
      const commit = await unclaimedEpisode('i1', leased.workItemId, T0 + LEASE_MS, {
        activities: [{ taskId: 1, name: 'SayBye', visibleAt: T0, leaseExpiresAt: T0 + LEASE_MS * 2 }],
      });
      expect(await provider().commitOrchestrationEpisodeBatch('worker-a', [commit])).toEqual({ outcomes: ['lease-lost'], leasedActivities: [] });
      expect(await provider().getHistory('i1')).toEqual(before);
      // worker-b's result is still accepted through the queue.
      expect(await provider().completeActivityWorkItems([{ workItemId: leased.workItemId, instanceId: 'i1', event: taskCompleted(0) }], T0 + LEASE_MS + 1)).toBe(1);
    });

    it('refuses an episode naming a result of a work item that is gone', async () => {
      const { leased } = await startLeased('i1');
      expect(await provider().completeActivityWorkItems([{ workItemId: leased.workItemId, instanceId: 'i1', event: taskCompleted(0) }], T0 + 1)).toBe(1);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [await unclaimedEpisode('i1', leased.workItemId, T0 + 2)])).toEqual(['lease-lost']);
      // The result that went through the inbox is still there for the next episode.
      const item = await claimOne(provider(), 'worker-a', T0 + 2);
      expect(item.messages.map((m) => m.event.type)).toEqual(['TaskCompleted']);
    });
  });
}
