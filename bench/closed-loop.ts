import { performance } from 'node:perf_hooks';
import { isDurableErrorWithCode, type DurableClient } from 'durable-ts';

/** An instance that did not complete as expected: failed, wrong output, or never finished. */
export interface InstanceProblem {
  readonly instanceId: string;
  readonly kind: 'failed' | 'wrong-output' | 'timeout' | 'error';
  readonly detail: string;
}

export interface ClosedLoopOptions {
  readonly client: DurableClient;
  readonly orchestrator: string;
  readonly input?: unknown;
  /** Clients running at once; each starts an instance, waits for it, then starts the next. */
  readonly concurrency: number;
  /** Instances to run in total. */
  readonly instances: number;
  /** No new instance starts after this much time (the run then reports fewer instances). */
  readonly maxDurationMs: number;
  /** How long one instance may take before it is reported as hung. */
  readonly instanceTimeoutMs: number;
  /** Checks a completed instance's output; returns a description of what is wrong, or undefined. */
  readonly checkOutput?: (output: unknown) => string | undefined;
}

export interface ClosedLoopResult {
  /** Start-to-completion latency of every instance that completed correctly. */
  readonly latenciesMs: number[];
  readonly started: number;
  readonly problems: InstanceProblem[];
  readonly elapsedMs: number;
  /** True when the duration cap stopped the run before `instances` were started. */
  readonly cappedByDuration: boolean;
}

/**
 * A closed loop of `concurrency` clients, each repeatedly starting an instance with
 * `client.startNew` and awaiting it with `client.waitForCompletion`. Stops starting new instances
 * at the first instance that times out (a hang is reported, not retried).
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = [];
  const problems: InstanceProblem[] = [];
  let started = 0;
  let stop = false;
  let cappedByDuration = false;
  const begin = performance.now();

  const client = async (): Promise<void> => {
    while (!stop && started < options.instances) {
      if (performance.now() - begin > options.maxDurationMs) {
        cappedByDuration = true;
        return;
      }
      started++;
      const problem = await runOne(options, latenciesMs);
      if (problem === undefined) continue;
      problems.push(problem);
      if (problem.kind === 'timeout' || problem.kind === 'error') stop = true;
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, () => client()));
  return { latenciesMs, started, problems, elapsedMs: performance.now() - begin, cappedByDuration };
}

async function runOne(options: ClosedLoopOptions, latenciesMs: number[]): Promise<InstanceProblem | undefined> {
  const { client } = options;
  const t0 = performance.now();
  let instanceId = '(not started)';
  try {
    instanceId = await client.startNew(options.orchestrator, options.input === undefined ? {} : { input: options.input });
    const status = await client.waitForCompletion(instanceId, { timeoutMs: options.instanceTimeoutMs });
    const latency = performance.now() - t0;
    if (status.runtimeStatus !== 'Completed') {
      const reason = status.failureDetails ? `${status.failureDetails.errorType}: ${status.failureDetails.message}` : 'no failure details';
      return { instanceId, kind: 'failed', detail: `ended ${status.runtimeStatus} (${reason})` };
    }
    const wrong = options.checkOutput?.(status.output);
    if (wrong !== undefined) return { instanceId, kind: 'wrong-output', detail: wrong };
    latenciesMs.push(latency);
    return undefined;
  } catch (error) {
    if (isDurableErrorWithCode(error, 'WAIT_TIMEOUT')) {
      return { instanceId, kind: 'timeout', detail: await describeStuck(client, instanceId, options.instanceTimeoutMs) };
    }
    return { instanceId, kind: 'error', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function describeStuck(client: DurableClient, instanceId: string, timeoutMs: number): Promise<string> {
  const status = await client.getStatus(instanceId, { showHistory: true }).catch(() => undefined);
  if (status === undefined) return `no status readable after ${timeoutMs} ms`;
  const events = status.historyEvents ?? [];
  const tail = events.slice(-6).map((e) => e.type).join(', ');
  return `still ${status.runtimeStatus} after ${timeoutMs} ms; ${events.length} history events, last: ${tail || '(none)'}`;
}
