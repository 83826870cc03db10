import { performance } from 'node:perf_hooks';
import { isDurableErrorWithCode, isTerminalStatus, type DurableClient, type OrchestrationStatus, type StorageProvider } from 'durable-ts';
import { BENCH_EVENT, BENCH_ORCHESTRATOR } from './bench-functions';
import type { BenchHost } from './bench-host';
import type { InstanceProblem } from './closed-loop';
import { pollUntil } from './poll-until';

/**
 * How often a wait re-reads storage when no change notification arrives. Commits wake the waits at
 * once, so this is only a fallback; it is long (as waitForCompletion's default) so that hundreds of
 * waiting clients do not load the database with reads of their own.
 */
const POLL_INTERVAL_MS = 1000;

/**
 * How the client raises an instance's events: `burst` raises them back to back (the worker may
 * take several in one episode); `in-turn` raises the next only once the instance's custom status
 * shows it has processed the previous one (one episode per event).
 */
export type RaiseMode = 'burst' | 'in-turn';

export interface ExternalEventsRun {
  readonly instances: number;
  readonly eventsPerInstance: number;
  readonly mode: RaiseMode;
  /** How long one wait (to start, to process an event, to complete) may take before it is a problem. */
  readonly timeoutMs: number;
}

export interface ExternalEventsResult {
  /** From the first raise to completion, for every instance that completed with the right output. */
  readonly latenciesMs: number[];
  /** Instances that were waiting for their first event when raising began. */
  readonly waiting: number;
  readonly problems: InstanceProblem[];
  /** From the first raise of any instance to the last completion. */
  readonly elapsedMs: number;
  /** Storage commits from the first raise to the last completion (raises, claims, episodes). */
  readonly commits: number;
  /** Orchestration episodes committed in that window. */
  readonly episodes: number;
}

/** The payload of instance `index`'s event `event`: distinct over all instances, so a misdelivered event shows. */
function payload(index: number, event: number, eventsPerInstance: number): number {
  return index * eventsPerInstance + event + 1;
}

/**
 * Starts `instances` Bench_ExternalEvents instances and waits until each is Running (waiting for
 * its first event); then, the measured window: for every instance at once, raises its events in
 * order with `client.raiseEvent` (as `mode` says) and waits for it to complete with its payloads in order.
 */
export async function runExternalEvents(bench: BenchHost, run: ExternalEventsRun): Promise<ExternalEventsResult> {
  const { client, storage } = bench.host;
  const problems: InstanceProblem[] = [];
  const ids = await Promise.all(
    Array.from({ length: run.instances }, () => client.startNew(BENCH_ORCHESTRATOR.externalEvents, { input: run.eventsPerInstance })),
  );
  const ready = await Promise.all(
    ids.map(async (instanceId) => {
      const running = await waitForStatus(client, storage, instanceId, run.timeoutMs, (status) => status.runtimeStatus !== 'Pending');
      if (!running) problems.push({ instanceId, kind: 'timeout', detail: `still Pending ${run.timeoutMs} ms after it was started` });
      return running;
    }),
  );
  bench.logger.resetCounters();
  const commitsBefore = storage.stats().commits;
  const latenciesMs: number[] = [];
  const begin = performance.now();
  await Promise.all(
    ids.map(async (instanceId, index) => {
      if (ready[index] !== true) return;
      const problem = await driveInstance(bench, run, instanceId, index, latenciesMs);
      if (problem !== undefined) problems.push(problem);
    }),
  );
  return {
    latenciesMs,
    waiting: ready.filter((r) => r).length,
    problems,
    elapsedMs: performance.now() - begin,
    commits: storage.stats().commits - commitsBefore,
    episodes: bench.logger.episodes,
  };
}

/** Raises one instance's events, waits for it, checks its output; records its latency when all is well. */
async function driveInstance(bench: BenchHost, run: ExternalEventsRun, instanceId: string, index: number, latenciesMs: number[]): Promise<InstanceProblem | undefined> {
  const { client, storage } = bench.host;
  const expected = Array.from({ length: run.eventsPerInstance }, (_, event) => payload(index, event, run.eventsPerInstance));
  const t0 = performance.now();
  try {
    for (const [processed, value] of expected.entries()) {
      if (run.mode === 'in-turn' && processed > 0) {
        // A finished instance stops the wait too: the next raise then reports it.
        const accept = (status: OrchestrationStatus): boolean => status.customStatus === processed || isTerminalStatus(status.runtimeStatus);
        const done = await waitForStatus(client, storage, instanceId, run.timeoutMs, accept);
        if (!done) return { instanceId, kind: 'timeout', detail: `event ${processed} not processed within ${run.timeoutMs} ms` };
      }
      await client.raiseEvent(instanceId, BENCH_EVENT, value);
    }
    const status = await client.waitForCompletion(instanceId, { timeoutMs: run.timeoutMs });
    const latency = performance.now() - t0;
    if (status.runtimeStatus !== 'Completed') {
      const reason = status.failureDetails ? `${status.failureDetails.errorType}: ${status.failureDetails.message}` : 'no failure details';
      return { instanceId, kind: 'failed', detail: `ended ${status.runtimeStatus} (${reason})` };
    }
    const actual = JSON.stringify(status.output);
    if (actual !== JSON.stringify(expected)) return { instanceId, kind: 'wrong-output', detail: `output ${actual}, expected ${JSON.stringify(expected)}` };
    latenciesMs.push(latency);
    return undefined;
  } catch (error) {
    if (isDurableErrorWithCode(error, 'WAIT_TIMEOUT')) return { instanceId, kind: 'timeout', detail: `not finished ${run.timeoutMs} ms after its last event was raised` };
    return { instanceId, kind: 'error', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Re-reads the instance's status after each change to it until `done` accepts it; false after `timeoutMs`. */
function waitForStatus(client: DurableClient, storage: StorageProvider, instanceId: string, timeoutMs: number, done: (status: OrchestrationStatus) => boolean): Promise<boolean> {
  return pollUntil(
    async () => {
      const status = await client.getStatus(instanceId);
      return status !== undefined && done(status);
    },
    { storage, relevant: (change) => change.kind === 'instance' && change.instanceId === instanceId, pollIntervalMs: POLL_INTERVAL_MS, timeoutMs },
  );
}
