import { formatEntityId } from 'durable-ts';
import { BENCH_ORCHESTRATOR, benchCounterId, BenchCounter, BenchEntityCalls, type EntityCallsInput } from '../bench-functions';
import type { BenchHost } from '../bench-host';
import type { BenchRow } from '../bench-row';
import type { InstanceProblem } from '../closed-loop';
import { readCounters, runEntitySignals, SIGNAL_SENDERS } from '../entity-signals-run';
import { measureClosedLoop } from '../measure';
import type { Scenario } from '../scenario';
import type { BenchSettings } from '../settings';
import { perSecond, summarizeLatencies } from '../stats';
import { withBenchHost } from '../with-bench-host';

const SCENARIO = 'entity-operations';
const CALLS_KEY = 'calls';

/** Checks a Bench_EntityCalls output: `calls` answers from one counter, each larger than the one before. */
function expectIncreasing(calls: number): (output: unknown) => string | undefined {
  return (output) => {
    const values: readonly unknown[] = Array.isArray(output) ? output : [];
    const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isInteger(v));
    const ok = numbers.length === calls && values.length === calls && numbers.every((v, i) => i === 0 || v > (numbers[i - 1] ?? v));
    return ok ? undefined : `output ${JSON.stringify(output)}, expected ${calls} increasing counter values`;
  };
}

/**
 * (f) Entity operation processing, on each storage. Rows 1 and 2: the client signals `add` to ten
 * bench counters, then to one, M times in all; measured from the first signal until every counter (polled with
 * `client.readEntityState`) has applied its share: operations/s, entity batches, commits per
 * operation; each counter's value and count must match exactly. Row 3: a closed loop of
 * orchestrations, each making K `ctx.callEntity` calls in a row to one shared counter:
 * operations/s and per-instance latency; the counter must end at exactly K per completed instance.
 */
export const entityOperationsScenario: Scenario = {
  name: SCENARIO,
  description: 'M client signals over a few counter entities, and orchestrations calling one counter: operations/s',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const { signals, keys, calls } = settings.entityOperations;
    for (const storage of environment.storages) {
      for (const keyCount of keys) {
        progress(`entity-operations on ${storage.kind}: ${signals} signals over ${keyCount} counter(s)`);
        rows.push(await withBenchHost({ functions: [BenchCounter], storage }, (bench) => signalsRow(settings, bench, keyCount)));
      }
      progress(`entity-operations on ${storage.kind}: C=${calls.concurrency}, ${calls.instances} orchestrations x ${calls.callsPerInstance} calls to one counter`);
      rows.push(await withBenchHost({ functions: [BenchCounter, BenchEntityCalls], storage }, (bench) => callsRow(settings, bench)));
    }
    return rows;
  },
};

async function signalsRow(settings: BenchSettings, bench: BenchHost, keys: number): Promise<BenchRow> {
  const { signals, warmupSignals } = settings.entityOperations;
  const timeoutMs = settings.instanceTimeoutMs;
  const warm = await runEntitySignals(bench, { signals: warmupSignals, keys: 1, keyPrefix: 'warmup' }, timeoutMs);
  const result = await runEntitySignals(bench, { signals, keys, keyPrefix: 'k' }, timeoutMs);
  return {
    scenario: SCENARIO,
    label: `entity signals ${signals}/${keys} ${keys === 1 ? 'key' : 'keys'}`,
    provider: bench.host.storage.kind,
    concurrency: SIGNAL_SENDERS,
    count: result.operations,
    unit: 'operations',
    throughput: perSecond(result.operations, result.elapsedMs),
    instances: 0,
    latency: summarizeLatencies([]),
    commits: result.commits,
    commitsPerInstance: Number.NaN,
    elapsedMs: result.elapsedMs,
    details: {
      synchronous: bench.synchronous,
      signals,
      keys,
      sendMs: result.sendMs,
      signalsSentPerSecond: perSecond(signals, result.sendMs),
      batches: result.batches,
      operationsPerBatch: result.batches > 0 ? result.operations / result.batches : Number.NaN,
      commitsPerOperation: result.operations > 0 ? result.commits / result.operations : Number.NaN,
    },
    instanceProblems: [...warm.problems.map((p) => ({ ...p, detail: `(warm-up) ${p.detail}` })), ...result.problems],
    loggedProblems: [...bench.logger.problems],
  };
}

async function callsRow(settings: BenchSettings, bench: BenchHost): Promise<BenchRow> {
  const { calls } = settings.entityOperations;
  const { callsPerInstance } = calls;
  const loop = {
    orchestrator: BENCH_ORCHESTRATOR.entityCalls,
    concurrency: calls.concurrency,
    maxDurationMs: calls.maxDurationMs,
    instanceTimeoutMs: settings.instanceTimeoutMs,
    checkOutput: expectIncreasing(callsPerInstance),
  };
  const input = (key: string): EntityCallsInput => ({ key, calls: callsPerInstance });
  const row = await measureClosedLoop({
    scenario: SCENARIO,
    label: `entity calls ${callsPerInstance}/orchestration`,
    bench,
    warmup: { ...loop, instances: calls.warmupInstances, input: input('warmup') },
    loop: { ...loop, instances: calls.instances, input: input(CALLS_KEY) },
    unit: 'operations',
    unitsPerInstance: callsPerInstance,
    details: (counters) => ({
      callsPerInstance,
      orchestrationEpisodes: counters.episodes - counters.entityEpisodes,
      batches: counters.entityEpisodes,
    }),
  });
  const batches = Number(row.details['batches']);
  return {
    ...row,
    details: {
      ...row.details,
      operationsPerBatch: batches > 0 ? row.count / batches : Number.NaN,
      commitsPerOperation: row.count > 0 ? row.commits / row.count : Number.NaN,
    },
    instanceProblems: [...row.instanceProblems, ...(await checkCallCount(bench, row, callsPerInstance))],
  };
}

/**
 * The shared counter must have applied exactly `callsPerInstance` operations per instance of the
 * measured loop. Checked only when every instance completed correctly (otherwise a failed
 * instance may have made some of its calls, and its problem is reported already).
 */
async function checkCallCount(bench: BenchHost, row: BenchRow, callsPerInstance: number): Promise<InstanceProblem[]> {
  if (row.instanceProblems.length > 0) return [];
  const expected = row.instances * callsPerInstance;
  const state = (await readCounters(bench.host.client, [CALLS_KEY])).get(CALLS_KEY);
  if (state?.operations === expected && state.value === expected) return [];
  const detail = `counter state ${JSON.stringify(state ?? null)} after ${row.instances} instances, expected ${expected} operations`;
  return [{ instanceId: formatEntityId(benchCounterId(CALLS_KEY)), kind: 'wrong-output', detail }];
}
