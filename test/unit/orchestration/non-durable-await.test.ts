import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestrationContext } from '../../../src/orchestration/orchestration-context';
import { OrchestrationExecutor, type EpisodeResult } from '../../../src/orchestration/orchestration-executor';
import { HistoryBuilder } from '../../../src/testing/history-builder';

/**
 * Awaiting anything that is not a durable task is reported on every run, whatever the event loop
 * was doing when the episode ran. These used to depend on whether the awaited timer or I/O callback
 * ran before the executor's setImmediate (a 0 ms timer was caught about 4 times out of 5).
 */
const ITERATIONS = 50;

/** Runs the episode from a timer callback, an immediate and an I/O callback in turn. */
const eventLoopPhases: ReadonlyArray<() => Promise<unknown>> = [
  () => new Promise((resolve) => setTimeout(resolve, 0)),
  () => new Promise((resolve) => setImmediate(resolve)),
  () => readFile(__filename),
];

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Spin: makes a 0 ms timer due before the executor looks again.
  }
}

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const nonDurableWaits: Record<string, () => Promise<unknown>> = {
  'a 0 ms setTimeout': () => new Promise((resolve) => setTimeout(resolve, 0)),
  'a 0 ms setTimeout that is due before the executor looks': () => {
    const due = new Promise((resolve) => setTimeout(resolve, 0));
    busyWait(3);
    return due;
  },
  'setImmediate': () => new Promise((resolve) => setImmediate(resolve)),
  'file I/O': () => readFile(__filename),
  'fetch': () => fetch(`http://127.0.0.1:${port}/`).then((response) => response.text()),
};

/** Replays "A was scheduled and completed" so the code resumes after step 0. */
async function runAfterFirstActivity(wait: () => Promise<unknown>, phase: () => Promise<unknown>): Promise<EpisodeResult> {
  const orchestrator = async (ctx: OrchestrationContext): Promise<string> => {
    await ctx.callActivity('A');
    await wait();
    await ctx.callActivity('B');
    return 'done';
  };
  const { past, news } = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0).split(2);
  await phase();
  return new OrchestrationExecutor({ instanceId: 'i', orchestrator }).execute(past, news);
}

describe('awaiting a non-durable promise', () => {
  for (const [what, wait] of Object.entries(nonDurableWaits)) {
    it(`is reported every time for ${what}, naming the step`, async () => {
      const messages = new Set<string>();
      for (let i = 0; i < ITERATIONS; i++) {
        const result = await runAfterFirstActivity(wait, eventLoopPhases[i % eventLoopPhases.length] ?? eventLoopPhases[0]!);
        expect(result.completion?.status, `iteration ${i}`).toBe('Failed');
        expect(result.actions).toEqual([]);
        messages.add(result.completion?.failureDetails?.message ?? '');
      }
      expect([...messages]).toEqual([
        "Non-deterministic orchestration 'i' at step 1: the code awaited a promise that is not a durable task after step 0 (TaskScheduled A). " +
          'Only durable tasks settle on replay: use ctx.callActivity, ctx.createTimer or ctx.waitForExternalEvent instead of timers, I/O or other promises.',
      ]);
    });
  }

  it('is reported before the first durable call on a first run', async () => {
    const orchestrator = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    for (let i = 0; i < ITERATIONS; i++) {
      const result = await new OrchestrationExecutor({ instanceId: 'i', orchestrator }).execute([], new HistoryBuilder().orchestratorStarted().executionStarted('O').build());
      expect(result.completion?.failureDetails?.message).toContain("at step 0: the code awaited a promise that is not a durable task before its first durable call");
    }
  });

  it('is not reported for async helpers and already-settled promises that need no macrotask', async () => {
    const helper = async (ctx: OrchestrationContext, name: string): Promise<unknown> => {
      await Promise.resolve();
      return ctx.callActivity(name);
    };
    const orchestrator = async (ctx: OrchestrationContext): Promise<string> => {
      await helper(ctx, 'A');
      await Promise.all([ctx.callActivity('B'), Promise.resolve(1)]);
      return 'done';
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted();
    h.orchestratorStarted().taskCompleted(0).taskScheduled(1, 'B').orchestratorCompleted().orchestratorStarted().taskCompleted(1);
    const result = await new OrchestrationExecutor({ instanceId: 'i', orchestrator }).execute(...(Object.values(h.split(2)) as [never, never]));
    expect(result.completion).toEqual({ status: 'Completed', result: '"done"' });
  });
});
