import { performance } from 'node:perf_hooks';
import { formatEntityId, type DurableClient } from 'durable-ts';
import { BENCH_COUNTER, benchCounterId, type BenchCounterState } from './bench-functions';
import type { BenchHost } from './bench-host';
import type { InstanceProblem } from './closed-loop';
import { pollUntil } from './poll-until';

/**
 * Client calls to `signalEntity` in flight at once, as from an HTTP front end serving that many
 * requests. With 8 (the bench before 2026-12-06) the rows measured the senders' round trips: each
 * batch held at most 8 signals, and the entities kept up with any rate they sent.
 */
export const SIGNAL_SENDERS = 32;
/**
 * How often a wait re-reads storage when no change notification arrives. Commits wake the waits at
 * once, so this is only a fallback; it is long (as waitForCompletion's default) so that hundreds of
 * waiting clients do not load the database with reads of their own.
 */
const POLL_INTERVAL_MS = 1000;

export interface EntitySignalsCounts {
  readonly signals: number;
  /** Counters `${keyPrefix}0` … `${keyPrefix}${keys - 1}`. */
  readonly keys: number;
  readonly keyPrefix: string;
}

export interface EntitySignalsResult {
  /** Operations the counters applied by the end of the wait (every signal, when all went well). */
  readonly operations: number;
  /** From the first signal sent until every counter had applied its share (or the timeout). */
  readonly elapsedMs: number;
  /** From the first signal sent until the last `signalEntity` call returned. */
  readonly sendMs: number;
  /** Storage commits in the window (the client's sends, the worker's claims and batches). */
  readonly commits: number;
  /** Entity batches (episodes) committed in the window. */
  readonly batches: number;
  /** Counters that never reached, or overshot, their expected state. */
  readonly problems: InstanceProblem[];
}

/** Signal `i` adds 1 + (i mod 7) to counter i mod keys, so each counter's expected value differs from its count. */
function plan(counts: EntitySignalsCounts): { key: string; amount: number }[] {
  return Array.from({ length: counts.signals }, (_, i) => ({ key: `${counts.keyPrefix}${i % counts.keys}`, amount: 1 + (i % 7) }));
}

/**
 * The measured window: sends `signals` `add` signals with `client.signalEntity` (SIGNAL_SENDERS at
 * a time), then polls `client.readEntityState` (woken by the counters' commits) until every
 * counter has applied as many operations as it was sent, and checks value and count exactly.
 */
export async function runEntitySignals(bench: BenchHost, counts: EntitySignalsCounts, timeoutMs: number): Promise<EntitySignalsResult> {
  const { client, storage } = bench.host;
  const signals = plan(counts);
  const expected = new Map<string, BenchCounterState>();
  for (const { key, amount } of signals) {
    const current = expected.get(key) ?? { value: 0, operations: 0 };
    expected.set(key, { value: current.value + amount, operations: current.operations + 1 });
  }
  const entityIds = new Set([...expected.keys()].map((key) => formatEntityId(benchCounterId(key))));
  bench.logger.resetCounters();
  const commitsBefore = storage.stats().commits;
  const begin = performance.now();
  let next = 0;
  const sender = async (): Promise<void> => {
    for (let signal = signals[next++]; signal !== undefined; signal = signals[next++]) {
      await client.signalEntity(benchCounterId(signal.key), BENCH_COUNTER.add, signal.amount);
    }
  };
  await Promise.all(Array.from({ length: SIGNAL_SENDERS }, sender));
  const sendMs = performance.now() - begin;
  let states = new Map<string, BenchCounterState | undefined>();
  await pollUntil(
    async () => {
      states = await readCounters(client, expected.keys());
      return [...expected].every(([key, want]) => (states.get(key)?.operations ?? 0) >= want.operations);
    },
    { storage, relevant: (change) => change.kind === 'instance' && entityIds.has(change.instanceId), pollIntervalMs: POLL_INTERVAL_MS, timeoutMs },
  );
  const elapsedMs = performance.now() - begin;
  const commits = storage.stats().commits - commitsBefore;
  const problems: InstanceProblem[] = [];
  for (const [key, want] of expected) {
    const got = states.get(key);
    if (got?.value === want.value && got.operations === want.operations) continue;
    const state = `state ${JSON.stringify(got ?? null)}, expected ${JSON.stringify(want)}`;
    const instanceId = formatEntityId(benchCounterId(key));
    if ((got?.operations ?? 0) < want.operations) problems.push({ instanceId, kind: 'timeout', detail: `after ${timeoutMs} ms: ${state}` });
    else problems.push({ instanceId, kind: 'wrong-output', detail: state });
  }
  const operations = [...states.values()].reduce((sum, state) => sum + (state?.operations ?? 0), 0);
  return { operations, elapsedMs, sendMs, commits, batches: bench.logger.entityEpisodes, problems };
}

/** Every counter's committed state (undefined while it does not exist yet). */
export async function readCounters(client: DurableClient, keys: Iterable<string>): Promise<Map<string, BenchCounterState | undefined>> {
  const keyList = [...keys];
  const states = await Promise.all(keyList.map(async (key) => (await client.readEntityState<BenchCounterState>(benchCounterId(key))).entityState));
  return new Map(keyList.map((key, i) => [key, states[i]]));
}
