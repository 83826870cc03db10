import { BENCH_ORCHESTRATOR } from '../bench-functions';
import type { BenchHost } from '../bench-host';
import type { BenchRow, BenchUnit } from '../bench-row';
import type { BenchPostgres } from '../bench-storage';
import { runClosedLoop, type ClosedLoopOptions, type InstanceProblem } from '../closed-loop';
import type { LoggedProblem } from '../counting-logger';
import type { Scenario } from '../scenario';
import { scaleOutFunctions, type WorkerStats } from '../scale-out-protocol';
import type { BenchSettings } from '../settings';
import { perSecond, summarizeLatencies } from '../stats';
import { withBenchHost } from '../with-bench-host';
import { WAITING_FAN_OUT, type WaitingFanOutInput } from '../waiting-functions';
import { WorkerProcess } from '../worker-process';
import { expectFanOutSum } from './fan-out';
import { checkHelloSequenceOutput, HELLO_SEQUENCE_ORCHESTRATOR } from './hello-sequence';

const SCENARIO = 'scale-out';
const WORKER_START_TIMEOUT_MS = 30_000;
const MAX_KEPT_PROBLEMS = 20;

/**
 * (d) Scale-out on PostgreSQL: 1, 2, 4… worker PROCESSES on one hub. The bench process runs a
 * host whose worker is never started: it only starts instances and waits for them. Each
 * configuration measures E1_HelloSequence as a closed loop (orchestrations/s) and a burst of
 * fan-outs (activities/s). All processes share this machine's CPUs with the PostgreSQL server.
 */
export const scaleOutScenario: Scenario = {
  name: SCENARIO,
  inQuickRun: false,
  description: 'N worker processes on one PostgreSQL hub: orchestrations/s and activities/s for N = 1, 2, 4',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const { postgres } = environment;
    if (postgres === undefined) {
      progress('scale-out: skipped (needs PostgreSQL)');
      return [];
    }
    const rows: BenchRow[] = [];
    for (const workers of settings.scaleOut.workers) {
      progress(`scale-out: ${workers} worker process(es) on one PostgreSQL hub`);
      rows.push(...(await runConfiguration(settings, postgres, workers)));
    }
    return rows;
  },
};

async function runConfiguration(settings: BenchSettings, postgres: BenchPostgres, workerCount: number): Promise<BenchRow[]> {
  // The client host registers (and, on dispose, deletes) the hub; the workers are stopped before that.
  return withBenchHost({ functions: scaleOutFunctions, storage: { kind: 'postgres', postgres }, startWorker: false }, async (bench) => {
    const workers = Array.from({ length: workerCount }, () =>
      WorkerProcess.spawn({ hubName: bench.hubName, connectionString: postgres.url, schema: postgres.schema, activitySlots: settings.scaleOut.activitySlotsPerWorker }),
    );
    try {
      await Promise.all(workers.map((w) => w.waitReady(WORKER_START_TIMEOUT_MS)));
      const { helloSequence: hello, fanOut } = settings.scaleOut;
      const timeouts = { instanceTimeoutMs: settings.instanceTimeoutMs };
      const helloLoop = { orchestrator: HELLO_SEQUENCE_ORCHESTRATOR, concurrency: hello.concurrency, checkOutput: checkHelloSequenceOutput, ...timeouts };
      const fanOutLoop = {
        orchestrator: BENCH_ORCHESTRATOR.fanOut,
        concurrency: fanOut.instances,
        instances: fanOut.instances,
        input: fanOut.size,
        maxDurationMs: settings.instanceTimeoutMs,
        checkOutput: expectFanOutSum(fanOut.size),
        ...timeouts,
      };
      const warmup = await runClosedLoop({ ...helloLoop, instances: hello.warmupInstances, maxDurationMs: hello.maxDurationMs, client: bench.host.client });
      const warmupProblems = warmup.problems.map((p) => ({ ...p, detail: `(warm-up) ${p.detail}` }));
      const helloRow = await measure(bench, workers, {
        label: `scale-out ${workerCount}w hello-sequence`,
        workload: 'hello-sequence',
        unit: 'instances',
        activitiesPerInstance: 3,
        loop: { ...helloLoop, instances: hello.instances, maxDurationMs: hello.maxDurationMs },
        extraProblems: warmupProblems,
      });
      const fanOutRow = await measure(bench, workers, {
        label: `scale-out ${workerCount}w fan-out ${fanOut.instances}x${fanOut.size}`,
        workload: 'fan-out',
        unit: 'activities',
        activitiesPerInstance: fanOut.size,
        loop: fanOutLoop,
        extraProblems: [],
      });
      const { waitingFanOut: waiting, activitySlotsPerWorker: slots } = settings.scaleOut;
      const waitingRow = await measure(bench, workers, {
        label: `scale-out ${workerCount}w waiting fan-out ${waiting.instances}x${waiting.size}`,
        workload: 'waiting-fan-out',
        unit: 'activities',
        activitiesPerInstance: waiting.size,
        loop: {
          ...fanOutLoop,
          orchestrator: WAITING_FAN_OUT,
          concurrency: waiting.instances,
          instances: waiting.instances,
          input: { count: waiting.size, waitMs: waiting.waitMs } satisfies WaitingFanOutInput,
          checkOutput: expectFanOutSum(waiting.size),
        },
        extraProblems: [],
        details: { waitMs: waiting.waitMs, activitySlots: slots * workerCount, slotBound: (slots * workerCount * 1000) / waiting.waitMs },
      });
      return [helloRow, fanOutRow, waitingRow];
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
}

interface Measurement {
  readonly label: string;
  readonly workload: 'hello-sequence' | 'fan-out' | 'waiting-fan-out';
  readonly unit: BenchUnit;
  readonly activitiesPerInstance: number;
  readonly loop: Omit<ClosedLoopOptions, 'client'>;
  readonly extraProblems: readonly InstanceProblem[];
  readonly details?: Readonly<Record<string, number>>;
}

/** One measured window: counters of every worker before and after, the closed loop in between. */
async function measure(bench: BenchHost, workers: readonly WorkerProcess[], m: Measurement): Promise<BenchRow> {
  const clientCommitsBefore = bench.host.storage.stats().commits;
  const before = await Promise.all(workers.map((w) => w.stats()));
  const result = await runClosedLoop({ ...m.loop, client: bench.host.client });
  const after = await Promise.all(workers.map((w) => w.stats()));
  const delta = (pick: (s: WorkerStats) => number): number[] => after.map((s, i) => pick(s) - pick(before[i] as WorkerStats));
  const episodesPerWorker = delta((s) => s.episodes);
  const episodes = episodesPerWorker.reduce((a, b) => a + b, 0);
  const claims = delta((s) => s.claims).reduce((a, b) => a + b, 0);
  const emptyClaims = delta((s) => s.emptyClaims).reduce((a, b) => a + b, 0);
  const commits = delta((s) => s.commits).reduce((a, b) => a + b, 0) + (bench.host.storage.stats().commits - clientCommitsBefore);
  const instances = result.latenciesMs.length;
  const activities = instances * m.activitiesPerInstance;
  const count = m.unit === 'instances' ? instances : activities;
  const loggedProblems: LoggedProblem[] = [
    ...bench.logger.problems,
    ...after.flatMap((s) => s.problems.map((p) => ({ ...p, message: `worker ${s.pid}: ${p.message}` }))),
  ].slice(0, MAX_KEPT_PROBLEMS);
  return {
    scenario: SCENARIO,
    label: m.label,
    provider: 'postgres',
    concurrency: m.loop.concurrency,
    count,
    unit: m.unit,
    throughput: perSecond(count, result.elapsedMs),
    instances,
    latency: summarizeLatencies(result.latenciesMs),
    commits,
    commitsPerInstance: instances > 0 ? commits / instances : Number.NaN,
    elapsedMs: result.elapsedMs,
    details: {
      synchronous: bench.synchronous,
      workers: workers.length,
      workload: m.workload,
      orchestrationsPerSecond: perSecond(instances, result.elapsedMs),
      activitiesPerSecond: perSecond(activities, result.elapsedMs),
      episodes,
      episodesPerWorker: episodesPerWorker.join('/'),
      claims,
      emptyClaims,
      emptyClaimShare: claims > 0 ? emptyClaims / claims : Number.NaN,
      started: result.started,
      cappedByDuration: result.cappedByDuration,
      ...m.details,
    },
    instanceProblems: [...m.extraProblems, ...result.problems],
    loggedProblems,
  };
}
