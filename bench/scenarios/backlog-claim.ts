import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPostgresStorageProvider, createSqliteStorageProvider, type StorageProvider } from 'durable-ts';
import type { BenchRow } from '../bench-row';
import { deleteBenchHub, uniqueBenchHub, type BenchStorage } from '../bench-storage';
import { tidyBenchSchema } from '../postgres-housekeeping';
import type { ProgressLog, Scenario } from '../scenario';
import { perSecond, summarizeLatencies } from '../stats';

const SCENARIO = 'backlog-claim';
/** Instances one claim asks for (the default orchestration batch is of this order). */
const CLAIM_SIZE = 32;
const WARMUP_CLAIMS = 10;
const MEASURED_CLAIMS = 100;
/** Starts in flight while filling a PostgreSQL hub. */
const FILL_CONCURRENCY = 16;
const T0 = 1_700_000_000_000;

/**
 * The cost of one orchestration claim against a backlog of ready instances (each with one
 * visible ExecutionStarted), straight on the storage provider: with an empty hub and with the
 * backlog. Every claim leases CLAIM_SIZE instances for good, so later claims pass over them, as
 * a busy host's claims pass over the instances it is running. Time only: checks that each claim
 * got a full batch of distinct instances, in order of their start.
 */
export const backlogClaimScenario: Scenario = {
  name: SCENARIO,
  inQuickRun: false,
  description: 'one orchestration claim of 32 against 0 and 100,000 ready instances (--quick: 10,000)',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const backlog = settings.profile === 'quick' ? 10_000 : 100_000;
    const rows: BenchRow[] = [];
    for (const storage of environment.storages) {
      for (const size of [0, backlog]) rows.push(await measure(storage, size, progress));
    }
    return rows;
  },
};

async function measure(storage: BenchStorage, backlog: number, progress: ProgressLog): Promise<BenchRow> {
  const target = await openTarget(storage);
  try {
    progress(`${SCENARIO}: ${storage.kind}, filling ${backlog} ready instances`);
    await fill(target.provider, backlog, storage.kind === 'postgres' ? FILL_CONCURRENCY : 1);
    // Statistics as autovacuum would leave them after such a load: the bench's own tidying ran
    // before the fill, and with the tables' statistics still those of an empty hub the planner
    // can pick plans that rescan the hub per message (README, Limits: PostgreSQL statistics).
    if (storage.kind === 'postgres') await tidyBenchSchema(storage.postgres.url, storage.postgres.schema);
    const durations: number[] = [];
    const problems: string[] = [];
    let previousLast = '';
    const begin = performance.now();
    for (let claim = 0; claim < WARMUP_CLAIMS + MEASURED_CLAIMS; claim++) {
      const started = performance.now();
      const items = await target.provider.claimOrchestrationWorkItems({ owner: 'bench', now: T0 + backlog + 1, leaseMs: 3_600_000, maxItems: CLAIM_SIZE });
      const elapsed = performance.now() - started;
      if (claim >= WARMUP_CLAIMS) durations.push(elapsed);
      const ids = items.map((item) => item.instance.instanceId);
      const expected = Math.min(CLAIM_SIZE, Math.max(0, backlog - claim * CLAIM_SIZE));
      if (ids.length !== expected) problems.push(`claim ${claim}: ${ids.length} instances, expected ${expected}`);
      if (ids.length > 0 && (ids[0] as string) <= previousLast) problems.push(`claim ${claim}: out of order after ${previousLast}`);
      previousLast = ids[ids.length - 1] ?? previousLast;
    }
    const elapsedMs = performance.now() - begin;
    const latency = summarizeLatencies(durations);
    progress(`${SCENARIO}: ${storage.kind}, backlog ${backlog}: p50 ${latency.p50Ms.toFixed(2)} ms per claim`);
    return {
      scenario: SCENARIO,
      label: `claim ${CLAIM_SIZE} of ${backlog} ready`,
      provider: storage.kind,
      concurrency: 1,
      count: MEASURED_CLAIMS,
      unit: 'operations',
      throughput: perSecond(WARMUP_CLAIMS + MEASURED_CLAIMS, elapsedMs),
      instances: MEASURED_CLAIMS,
      latency,
      commits: 0,
      commitsPerInstance: 0,
      elapsedMs,
      details: {
        synchronous: storage.kind === 'sqlite' ? 'normal' : 'n/a',
        measures: 'one row "instance" is one claim; latency is the time of a claim',
        backlog,
        claimSize: CLAIM_SIZE,
      },
      instanceProblems: problems.map((detail) => ({ instanceId: 'claim', kind: 'wrong-output' as const, detail })),
      loggedProblems: [],
    };
  } finally {
    await target.dispose();
  }
}

interface Target {
  readonly provider: StorageProvider;
  dispose(): Promise<void>;
}

async function openTarget(storage: BenchStorage): Promise<Target> {
  const hubName = uniqueBenchHub('Backlog');
  if (storage.kind === 'postgres') {
    const { postgres } = storage;
    const provider = await createPostgresStorageProvider({ connectionString: postgres.url, hubName, schema: postgres.schema });
    return {
      provider,
      dispose: async () => {
        await provider.close();
        await deleteBenchHub(postgres, hubName);
      },
    };
  }
  const directory = await mkdtemp(join(tmpdir(), 'durable-ts-bench-backlog-'));
  const provider = await createSqliteStorageProvider({ path: join(directory, 'backlog.db'), hubName, synchronous: 'normal' });
  return {
    provider,
    dispose: async () => {
      await provider.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Starts `count` instances, one visible message each, the i-th visible at T0 + i (so claims have one right order). */
async function fill(provider: StorageProvider, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const instanceId = `i${String(index).padStart(7, '0')}`;
      const executionId = `${instanceId}-1`;
      const at = T0 + index;
      await provider.createInstance({
        instanceId,
        executionId,
        name: 'Backlog',
        createdAt: at,
        startEvent: { type: 'ExecutionStarted', eventId: -1, timestamp: new Date(at).toISOString(), name: 'Backlog', instanceId, executionId },
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
