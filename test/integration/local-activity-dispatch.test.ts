import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, type OrchestrationContext } from 'durable-ts';
import { createTestHost, type TestHost } from '../support/test-host';
import { pinoCapture } from '../support/pino-capture';
import { describeIfPostgres, testPostgresUrl } from '../support/postgres';
import type { StorageProvider } from '../../src/storage/storage-provider';

const runs = new Map<string, number>();

@Activities()
class LocalSteps {
  @Activity('Local_Step')
  step(input: { id: string; n: number }): number {
    const key = `${input.id}:${input.n}`;
    runs.set(key, (runs.get(key) ?? 0) + 1);
    return input.n + 1;
  }
}

@Orchestrator('Local_Chain')
class LocalChain {
  async run(ctx: OrchestrationContext<void>): Promise<number> {
    let n = 0;
    for (let i = 0; i < 3; i++) n = await ctx.callActivity<number>('Local_Step', { id: ctx.instanceId, n });
    return n;
  }
}

@Orchestrator('Local_FanOut')
class LocalFanOut {
  async run(ctx: OrchestrationContext<number>): Promise<number> {
    const count = ctx.getInput();
    const results = await ctx.all(Array.from({ length: count }, (_, n) => ctx.callActivity<number>('Local_Step', { id: ctx.instanceId, n })));
    return results.reduce((sum, value) => sum + value, 0);
  }
}

interface Traffic {
  /** Activity items handed out by the queue's claim. */
  queueClaimed: number;
  /** Results saved through the queue (inbox messages). */
  queuedResults: number;
  /** Activity items created leased to the committing worker. */
  leased: number;
  /** Results committed with their instance's next episode. */
  resultsInEpisodes: number;
}

/** Counts which path activities and results took, by wrapping the host's storage. */
function watchTraffic(storage: StorageProvider): Traffic {
  const traffic: Traffic = { queueClaimed: 0, queuedResults: 0, leased: 0, resultsInEpisodes: 0 };
  const claim = storage.claimActivityWorkItems.bind(storage);
  const complete = storage.completeActivityWorkItems.bind(storage);
  const commit = storage.commitOrchestrationEpisodeBatch.bind(storage);
  storage.claimActivityWorkItems = async (request) => {
    const items = await claim(request);
    traffic.queueClaimed += items.length;
    return items;
  };
  storage.completeActivityWorkItems = async (results, now) => {
    traffic.queuedResults += results.length;
    return complete(results, now);
  };
  storage.commitOrchestrationEpisodeBatch = async (owner, commits) => {
    const outcome = await commit(owner, commits);
    traffic.leased += outcome.leasedActivities.length;
    commits.forEach((c, i) => {
      if (outcome.outcomes[i] === 'committed') traffic.resultsInEpisodes += c.completedActivityIds?.length ?? 0;
    });
    return outcome;
  };
  // A provider that stores a start with its first episode leases that episode's activities there.
  const storeWithStart = storage.createInstancesWithFirstEpisodes?.bind(storage);
  if (storeWithStart !== undefined) {
    storage.createInstancesWithFirstEpisodes = async (owner, starts) => {
      const outcome = await storeWithStart(owner, starts);
      traffic.leased += outcome.leasedActivities.length;
      return outcome;
    };
  }
  return traffic;
}

describe('local activity dispatch', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
    runs.clear();
  });

  async function runChains(durableTask: Record<string, unknown>, count = 5): Promise<Traffic> {
    t = await createTestHost([LocalSteps, LocalChain], durableTask);
    const traffic = watchTraffic(t.host.storage);
    await t.host.start();
    const ids = await Promise.all(Array.from({ length: count }, () => t!.host.client.startNew('Local_Chain')));
    const done = await Promise.all(ids.map((id) => t!.host.client.waitForCompletion(id, { timeoutMs: 20_000 })));
    expect(done.map((d) => [d.runtimeStatus, d.output])).toEqual(ids.map(() => ['Completed', 3]));
    expect([...runs.values()]).toEqual(Array.from({ length: count * 3 }, () => 1));
    return traffic;
  }

  it('runs the activities of its episodes without claiming them and commits each result with the next episode', async () => {
    const traffic = await runChains({});
    expect(traffic).toEqual({ queueClaimed: 0, queuedResults: 0, leased: 15, resultsInEpisodes: 15 });
  });

  it('takes the queues for every activity and result when turned off', async () => {
    const traffic = await runChains({ localActivityDispatch: false });
    expect(traffic).toEqual({ queueClaimed: 15, queuedResults: 15, leased: 0, resultsInEpisodes: 0 });
  });

  it('queues the results when no executor is cached (nothing to run the next episode from), still leasing the activities', async () => {
    const traffic = await runChains({ extendedSessionsEnabled: false });
    expect(traffic).toEqual({ queueClaimed: 0, queuedResults: 15, leased: 15, resultsInEpisodes: 0 });
  });

  it('queues the activities it has no room for (no backlog)', async () => {
    const traffic = await runChains({ maxConcurrentActivityFunctions: 1, localActivityBacklog: 0 }, 6);
    expect(traffic.leased + traffic.queueClaimed).toBe(18);
    expect(traffic.queueClaimed).toBeGreaterThan(0);
  });

  it('releases no lease when an episode run on its own results crashes: the results take the queue and the instance completes', async () => {
    const capture = pinoCapture('debug');
    // replayVerification 'always' reads the history for every cached episode: the first such read
    // fails, which crashes the first episode that runs on a result (all of them are local here).
    t = await createTestHost([LocalSteps, LocalChain], { replayVerification: 'always' }, { logger: capture.logger });
    const storage = t.host.storage;
    const traffic = watchTraffic(storage);
    const getHistory = storage.getHistory.bind(storage);
    let failed = false;
    storage.getHistory = async (instanceId) => {
      if (!failed) {
        failed = true;
        throw new Error('history read failed once');
      }
      return getHistory(instanceId);
    };
    const abandoned: string[] = [];
    const abandon = storage.abandonOrchestrationWorkItem.bind(storage);
    storage.abandonOrchestrationWorkItem = async (owner, instanceId, retryAt) => {
      abandoned.push(instanceId);
      return abandon(owner, instanceId, retryAt);
    };
    await t.host.start();
    const id = await t.host.client.startNew('Local_Chain');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect([done.runtimeStatus, done.output]).toEqual(['Completed', 3]);
    expect(failed).toBe(true);
    expect(capture.events('orchestration.episode.crashed')).toHaveLength(1);
    // The crashed episode held no lease: nothing to give back (a release would free a claimed episode's lease).
    expect(abandoned).toEqual([]);
    expect(traffic.queuedResults).toBe(1);
    expect([...runs.values()]).toEqual([1, 1, 1]);
  });

  it('falls back to the queue when the result was saved there first: the episode is refused and the activity is not run again', async () => {
    const capture = pinoCapture('debug');
    t = await createTestHost([LocalSteps, LocalChain], {}, { logger: capture.logger });
    const storage = t.host.storage;
    const complete = storage.completeActivityWorkItems.bind(storage);
    const commit = storage.commitOrchestrationEpisodeBatch.bind(storage);
    const refused: string[] = [];
    let interfered = false;
    // The first time a result goes straight to an episode, that same result is saved through the
    // queue just before the episode commits (as a slow save of an earlier run would have been).
    storage.commitOrchestrationEpisodeBatch = async (owner, commits) => {
      const local = commits.find((c) => (c.completedActivityIds?.length ?? 0) > 0);
      if (!interfered && local !== undefined) {
        interfered = true;
        const event = local.newHistory.find((e) => e.type === 'TaskCompleted');
        if (event?.type !== 'TaskCompleted') throw new Error('expected the result in the episode');
        expect(await complete([{ workItemId: local.completedActivityIds?.[0] ?? -1, instanceId: local.instanceId, event }], Date.now())).toBe(1);
      }
      const outcome = await commit(owner, commits);
      commits.forEach((c, i) => outcome.outcomes[i] !== 'committed' && refused.push(c.instanceId));
      return outcome;
    };
    await t.host.start();
    const id = await t.host.client.startNew('Local_Chain');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect([done.runtimeStatus, done.output]).toEqual(['Completed', 3]);
    expect(refused).toEqual([id]);
    expect([...runs.values()]).toEqual([1, 1, 1]);
    expect((await storage.getHistory(id)).filter((e) => e.type === 'TaskCompleted')).toHaveLength(3);
    // A refusal of this kind is the expected fallback, not a lost lease: no warning.
    expect(capture.events('orchestration.local-episode.refused')).toHaveLength(1);
    expect(capture.at('warn')).toEqual([]);
  });
});

/**
 * A fan-out's results that finish while its episode commits wait for the next local episode: none
 * is queued, so no claim takes the instance from under a local episode (which would refuse that
 * episode and make the claimed one replay the whole history). On PostgreSQL commits are truly
 * concurrent with the activities; on SQLite they run on the event loop.
 */
function fanOutSuite(label: string, storage: () => Record<string, unknown>): void {
  describe(`local activity dispatch of a fan-out (${label})`, () => {
    let t: TestHost | undefined;
    afterEach(async () => {
      await t?.host.client.deleteHub();
      await t?.dispose();
      t = undefined;
      runs.clear();
    });

    it('runs it from the cached executor to the end, without queueing a result or replaying history', async () => {
      // Activities finish in waves while episodes commit; no replay verification, whose reads of
      // history would count as replays.
      t = await createTestHost([LocalSteps, LocalFanOut], { maxConcurrentActivityFunctions: 16, replayVerification: 'off', ...storage() });
      const traffic = watchTraffic(t.host.storage);
      const getHistory = t.host.storage.getHistory.bind(t.host.storage);
      let replays = 0;
      t.host.storage.getHistory = async (instanceId) => {
        replays++;
        return getHistory(instanceId);
      };
      await t.host.start();
      const count = 400;
      const id = await t.host.client.startNew('Local_FanOut', { input: count });
      const done = await t.host.client.waitForCompletion(id, { timeoutMs: 30_000 });
      expect([done.runtimeStatus, done.output]).toEqual(['Completed', (count * (count + 1)) / 2]);
      expect(runs.size).toBe(count);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(traffic.leased + traffic.queueClaimed).toBe(count);
      expect({ queuedResults: traffic.queuedResults, resultsInEpisodes: traffic.resultsInEpisodes, replays }).toEqual({ queuedResults: 0, resultsInEpisodes: count, replays: 0 });
    });

    it('runs a fan-out that fits its slots and backlog without a claim, its activities waiting for slots here', async () => {
      t = await createTestHost([LocalSteps, LocalFanOut], { maxConcurrentActivityFunctions: 4, localActivityBacklog: 60, replayVerification: 'off', ...storage() });
      const traffic = watchTraffic(t.host.storage);
      await t.host.start();
      const count = 64;
      const id = await t.host.client.startNew('Local_FanOut', { input: count });
      const done = await t.host.client.waitForCompletion(id, { timeoutMs: 30_000 });
      expect([done.runtimeStatus, done.output]).toEqual(['Completed', (count * (count + 1)) / 2]);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect({ leased: traffic.leased, queueClaimed: traffic.queueClaimed, queuedResults: traffic.queuedResults }).toEqual({ leased: count, queueClaimed: 0, queuedResults: 0 });
    });
  });
}

fanOutSuite('SQLite', () => ({}));

describeIfPostgres('local activity dispatch on PostgreSQL', () => {
  fanOutSuite('PostgreSQL', () => ({
    hubName: `Fan${randomUUID().replace(/-/g, '').slice(0, 10)}`,
    storageProvider: { type: 'postgres', connectionString: testPostgresUrl() },
  }));
});
