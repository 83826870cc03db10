import { describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import type { EpisodeCommit, FirstEpisode, FirstEpisodeBatchOutcome } from '../../../src/storage/storage-records';
import { claimOne, episodeFor, LEASE_MS, newInstance, orchestratorStarted, T0, taskScheduled, useProvider, type MakeStorageProvider } from './storage-fixtures';

const OWNER = 'starter';

/** A start leased to OWNER with a first episode that schedules one activity, leased to OWNER as well. */
function firstEpisode(instanceId: string): FirstEpisode {
  const instance = { ...newInstance(instanceId, { executionId: `${instanceId}-exec-new` }), lease: { owner: OWNER, expiresAt: T0 + LEASE_MS } };
  const commit: EpisodeCommit = {
    instanceId,
    executionId: instance.executionId,
    expectedHistoryLength: 0,
    consumedMessageIds: [],
    newHistory: [orchestratorStarted(), instance.startEvent, taskScheduled(0)],
    activities: [{ taskId: 0, name: 'SayHello', input: '"Tokyo"', visibleAt: T0, leaseExpiresAt: T0 + LEASE_MS }],
    messages: [],
    update: { runtimeStatus: 'Running', lastUpdatedAt: T0 + 1 },
  };
  return { instance, commit };
}

/** The provider's createInstancesWithFirstEpisodes (both built-in providers have it), or a failed test. */
function storeWithStart(provider: StorageProvider): (owner: string, starts: readonly FirstEpisode[]) => Promise<FirstEpisodeBatchOutcome> {
  const write = provider.createInstancesWithFirstEpisodes?.bind(provider);
  if (write === undefined) throw new Error(`${provider.kind} storage does not store starts with their first episodes.`);
  return write;
}

/**
 * An eager start stored with its first episode (StorageProvider.createInstancesWithFirstEpisodes):
 * one transaction for both; a taken id stores nothing of that start's episode, and the instance
 * that has the id is left as it was (or, finished, replaced the usual way).
 */
export function describeFirstEpisodesContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: starts stored with their first episodes`, () => {
    const provider = useProvider(makeProvider);

    it('stores a free id with its episode in one transaction: its history and status, its activity leased to the starter, no inbox', async () => {
      const before = provider().stats().commits;
      const batch = await storeWithStart(provider())(OWNER, [firstEpisode('fresh')]);
      expect(provider().stats().commits - before).toBe(1);
      expect(batch.outcomes).toEqual([{ ok: true, value: 'committed' }]);
      expect(await provider().getInstance('fresh')).toMatchObject({ runtimeStatus: 'Running', historyLength: 3, executionId: 'fresh-exec-new' });
      expect((await provider().getHistory('fresh')).map((e) => e.type)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'TaskScheduled']);
      expect(batch.leasedActivities.map((a) => [a.instanceId, a.name])).toEqual([['fresh', 'SayHello']]);
      // Nothing to claim: no start message was stored, and the lease is released.
      expect(await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await provider().claimActivityWorkItems({ owner: 'w', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
    });

    it('stores nothing of a start whose id is taken, and leaves the instance that has it as it was or replaces a finished one the usual way', async () => {
      await provider().createInstance(newInstance('done'));
      const done = await claimOne(provider(), 'w', T0);
      await provider().commitOrchestrationEpisodes('w', [episodeFor(done, { update: { runtimeStatus: 'Completed', output: '1', completedAt: T0 + 1 } })]);
      await provider().createInstance(newInstance('live'));
      const liveHistory = await provider().getHistory('live');

      const batch = await storeWithStart(provider())(OWNER, [firstEpisode('other'), firstEpisode('live'), firstEpisode('done')]);

      const [other, live, replaced] = batch.outcomes;
      expect(other).toEqual({ ok: true, value: 'committed' });
      // Refused here, or left to the usual start ('taken'), which refuses it.
      if (live?.ok === false) expect(isDurableErrorWithCode(live.error, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      else expect(live?.value).toBe('taken');
      expect(await provider().getInstance('live')).toMatchObject({ executionId: 'live-exec-1', runtimeStatus: 'Pending' });
      expect(await provider().getHistory('live')).toEqual(liveHistory);
      // Replaced by a usual start ('queued'), or left to one ('taken'); never with this episode.
      const replacedAs = replaced?.ok === true ? replaced.value : 'refused';
      expect(['queued', 'taken']).toContain(replacedAs);
      const doneAfter = await provider().getInstance('done');
      if (replacedAs === 'queued') expect(doneAfter).toMatchObject({ executionId: 'done-exec-new', runtimeStatus: 'Pending', historyLength: 0 });
      else expect(doneAfter).toMatchObject({ executionId: 'done-exec-1', runtimeStatus: 'Completed' });
      expect(batch.leasedActivities.map((a) => a.instanceId)).toEqual(['other']);
    });

    it('writes nothing of the batch when an episode does not belong to its new instance', async () => {
      const good = firstEpisode('good');
      const bad = firstEpisode('bad');
      const wrongExecution = { ...bad, commit: { ...bad.commit, executionId: 'another-execution' } };
      await expect(storeWithStart(provider())(OWNER, [good, wrongExecution])).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
      expect(await provider().getInstance('good')).toBeUndefined();
      expect(await provider().getInstance('bad')).toBeUndefined();
    });
  });
}
