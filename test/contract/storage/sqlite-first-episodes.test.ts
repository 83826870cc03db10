import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import { SqliteStorageProvider } from '../../../src/storage/sqlite';
import type { EpisodeCommit, FirstEpisode } from '../../../src/storage/storage-records';
import { claimOne, episodeFor, LEASE_MS, newInstance, orchestratorStarted, T0, taskScheduled } from './storage-fixtures';

const directory = mkdtempSync(join(tmpdir(), 'durable-ts-sqlite-first-'));
let files = 0;

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

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

/** SQLite stores an eager start and its first episode in one transaction (StorageProvider.createInstancesWithFirstEpisodes). */
describe('sqlite storage: starts stored with their first episodes', () => {
  it('stores free ids with their episodes, refuses a live id and replaces a finished one the usual way, in one transaction', async () => {
    const provider = new SqliteStorageProvider({ path: join(directory, `first-${++files}.db`), hubName: 'h' });
    await provider.initialize();
    try {
      await provider.createInstance(newInstance('done'));
      const done = await claimOne(provider, 'w', T0);
      await provider.commitOrchestrationEpisodes('w', [episodeFor(done, { update: { runtimeStatus: 'Completed', output: '1', completedAt: T0 + 1 } })]);
      await provider.createInstance(newInstance('live'));
      const liveHistory = await provider.getHistory('live');
      const before = provider.stats().commits;

      const batch = await provider.createInstancesWithFirstEpisodes(OWNER, [firstEpisode('fresh'), firstEpisode('live'), firstEpisode('done')]);

      expect(provider.stats().commits - before).toBe(1);
      const [fresh, live, replaced] = batch.outcomes;
      expect(fresh).toEqual({ ok: true, value: 'committed' });
      expect(live?.ok === false && isDurableErrorWithCode(live.error, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      expect(replaced).toEqual({ ok: true, value: 'queued' });
      // The stored start: its episode's history and status, its activity leased to the starter, no inbox, no lease left.
      expect(await provider.getInstance('fresh')).toMatchObject({ runtimeStatus: 'Running', historyLength: 3, executionId: 'fresh-exec-new' });
      expect((await provider.getHistory('fresh')).map((e) => e.type)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'TaskScheduled']);
      expect(batch.leasedActivities.map((a) => [a.instanceId, a.name])).toEqual([['fresh', 'SayHello']]);
      // The live instance is as it was; the finished one was replaced by a usual start: Pending, its ExecutionStarted queued.
      expect(await provider.getInstance('live')).toMatchObject({ executionId: 'live-exec-1', runtimeStatus: 'Pending' });
      expect(await provider.getHistory('live')).toEqual(liveHistory);
      expect(await provider.getInstance('done')).toMatchObject({ executionId: 'done-exec-new', runtimeStatus: 'Pending', historyLength: 0 });
      const claimed = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 10 });
      expect(claimed.map((item) => [item.instance.instanceId, item.messages.map((m) => m.event.type)]).sort()).toEqual([
        ['done', ['ExecutionStarted']],
        ['live', ['ExecutionStarted']],
      ]);
    } finally {
      await provider.close();
    }
  });

  it('writes nothing of the batch when an episode does not belong to its new instance', async () => {
    const provider = new SqliteStorageProvider({ path: join(directory, `first-${++files}.db`), hubName: 'h' });
    await provider.initialize();
    try {
      const good = firstEpisode('good');
      const bad = firstEpisode('bad');
      const wrongExecution = { ...bad, commit: { ...bad.commit, executionId: 'another-execution' } };
      await expect(provider.createInstancesWithFirstEpisodes(OWNER, [good, wrongExecution])).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
      expect(await provider.getInstance('good')).toBeUndefined();
      expect(await provider.getInstance('bad')).toBeUndefined();
    } finally {
      await provider.close();
    }
  });
});
