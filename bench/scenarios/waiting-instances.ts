import { performance } from 'node:perf_hooks';
import type { DurableClient } from 'durable-ts';
import { BENCH_EVENT, BENCH_ORCHESTRATOR, BenchExternalEvents } from '../bench-functions';
import { newBenchPlace, removeBenchPlace, startBenchHost, type BenchHost } from '../bench-host';
import type { BenchRow } from '../bench-row';
import type { BenchStorage } from '../bench-storage';
import type { InstanceProblem } from '../closed-loop';
import { costPerInstance } from '../cost';
import { pollUntil } from '../poll-until';
import { queryCounts, queryCountsSince } from '../query-counter';
import { liveHeapBytes, mib, RssSampler } from '../rss-sampler';
import type { Scenario } from '../scenario';
import type { BenchSettings } from '../settings';
import { perSecond, summarizeLatencies } from '../stats';

const SCENARIO = 'waiting-instances';

function instanceId(index: number): string {
  return `waiting-${index}`;
}

/** Runs `body(0 … count-1)` with at most `concurrency` calls in flight. */
async function forEachBounded(count: number, concurrency: number, body: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await body(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** Waits until `done()` holds, re-checking every 100 ms; false after `timeoutMs`. */
function waitFor(bench: BenchHost, done: () => boolean, timeoutMs: number): Promise<boolean> {
  return pollUntil(async () => done(), { storage: bench.host.storage, relevant: () => false, pollIntervalMs: 100, timeoutMs });
}

/** Reads every Completed instance and counts those whose output is their own event's payload. */
async function countCorrectlyCompleted(client: DurableClient, problems: InstanceProblem[]): Promise<number> {
  let correct = 0;
  let continuationToken: string | undefined;
  do {
    const page = await client.getStatusBy({ runtimeStatus: ['Completed'], pageSize: 1000, showInput: false, ...(continuationToken ? { continuationToken } : {}) });
    for (const status of page.instances) {
      const index = Number(status.instanceId.slice('waiting-'.length));
      if (JSON.stringify(status.output) === JSON.stringify([index + 1])) correct++;
      else if (problems.length < 20) problems.push({ instanceId: status.instanceId, kind: 'wrong-output', detail: `output ${JSON.stringify(status.output)}, expected [${index + 1}]` });
    }
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
  return correct;
}

async function measure(settings: BenchSettings, storage: BenchStorage, progress: (line: string) => void): Promise<BenchRow> {
  const run = settings.waitingInstances;
  const count = storage.kind === 'postgres' ? run.postgresInstances : run.instances;
  const problems: InstanceProblem[] = [];
  const place = await newBenchPlace(storage);
  const sampler = new RssSampler(run.rssSampleMs);
  const baseline = sampler.sample();
  try {
    // Phase 1: start every instance and let each run its first episode (it then waits for its event).
    const first = await startBenchHost({ functions: [BenchExternalEvents], storage, place });
    let startMs: number;
    let waiting: ReturnType<RssSampler['sample']>;
    let cache: ReturnType<BenchHost['host']['instanceCacheStats']>;
    let liveHeap: number | undefined;
    try {
      const begin = performance.now();
      await forEachBounded(count, run.clientConcurrency, async (index) => {
        await first.host.client.startNew(BENCH_ORCHESTRATOR.externalEvents, { instanceId: instanceId(index), input: 1 });
      });
      if (!(await waitFor(first, () => first.logger.episodes >= count, run.phaseTimeoutMs))) {
        problems.push({ instanceId: '(all)', kind: 'timeout', detail: `${first.logger.episodes} of ${count} first episodes after ${run.phaseTimeoutMs} ms` });
      }
      startMs = performance.now() - begin;
      waiting = sampler.sample();
      cache = first.host.instanceCacheStats();
      liveHeap = liveHeapBytes();
      const live = liveHeap === undefined ? '' : `, live heap ${mib(liveHeap)} MiB`;
      progress(`${SCENARIO} on ${storage.kind}: ${count} waiting after ${(startMs / 1000).toFixed(1)} s; RSS ${mib(waiting.rss)} MiB, heap ${mib(waiting.heapUsed)} MiB${live}, ${cache.size} cached (max ${cache.maxSize})`);
    } finally {
      await first.dispose();
    }
    // Phase 2: a new host on the same storage; every instance gets its event and completes.
    const restartBegin = performance.now();
    const second = await startBenchHost({ functions: [BenchExternalEvents], storage, place });
    try {
      const restartMs = performance.now() - restartBegin;
      const commitsBefore = second.host.storage.stats().commits;
      const queriesBefore = queryCounts();
      const begin = performance.now();
      await forEachBounded(count, run.clientConcurrency, async (index) => {
        await second.host.client.raiseEvent(instanceId(index), BENCH_EVENT, index + 1);
      });
      const finished = (): number => second.logger.events.get('orchestration.instance.finished') ?? 0;
      if (!(await waitFor(second, () => finished() >= count, run.phaseTimeoutMs))) {
        problems.push({ instanceId: '(all)', kind: 'timeout', detail: `${finished()} of ${count} completed after ${run.phaseTimeoutMs} ms` });
      }
      const elapsedMs = performance.now() - begin;
      const commits = second.host.storage.stats().commits - commitsBefore;
      const queries = queryCountsSince(queriesBefore);
      const completed = await countCorrectlyCompleted(second.host.client, problems);
      if (completed !== count && problems.length === 0) problems.push({ instanceId: '(all)', kind: 'wrong-output', detail: `${completed} of ${count} completed with the right output` });
      const peak = sampler.peak;
      return {
        scenario: SCENARIO,
        label: `${count} waiting, restart, 1 event each`,
        provider: storage.kind,
        concurrency: count,
        count: completed,
        unit: 'events',
        throughput: perSecond(completed, elapsedMs),
        instances: completed,
        latency: summarizeLatencies([]),
        commits,
        commitsPerInstance: completed > 0 ? commits / completed : Number.NaN,
        elapsedMs,
        cost: costPerInstance(storage.kind, completed, commits, queries),
        details: {
          synchronous: second.synchronous,
          startsPerSecond: perSecond(count, startMs),
          rssBaselineMiB: mib(baseline.rss),
          rssAllWaitingMiB: mib(waiting.rss),
          heapAllWaitingMiB: mib(waiting.heapUsed),
          ...(liveHeap !== undefined ? { liveHeapAllWaitingMiB: mib(liveHeap) } : {}),
          rssPeakMiB: mib(peak.rss),
          heapPeakMiB: mib(peak.heapUsed),
          cachedWhileWaiting: cache.size,
          maxCachedOrchestrations: cache.maxSize,
          evictedBySize: cache.evictedBySize,
          restartMs: Math.round(restartMs),
          evictedAfterRestart: second.host.instanceCacheStats().evictedBySize,
        },
        instanceProblems: problems,
        loggedProblems: [...second.logger.problems],
      };
    } finally {
      await second.dispose();
    }
  } finally {
    sampler.stop();
    await removeBenchPlace(storage, place);
  }
}

/**
 * 100,000 instances (on SQLite; fewer on PostgreSQL) waiting on an external event: the host's
 * memory (RSS sampled) must stay bounded, because the instance cache is; then the host restarts,
 * each instance gets its event and all complete with the right output.
 */
export const waitingInstancesScenario: Scenario = {
  name: SCENARIO,
  description: 'N instances waiting on an event (RSS sampled, instance cache bounded), host restart, then one event each; all must complete',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const storage of environment.storages) {
      progress(`${SCENARIO} on ${storage.kind}: starting ${storage.kind === 'postgres' ? settings.waitingInstances.postgresInstances : settings.waitingInstances.instances} instances`);
      rows.push(await measure(settings, storage, progress));
    }
    return rows;
  },
};
