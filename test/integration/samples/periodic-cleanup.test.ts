import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, type HistoryEvent } from 'durable-ts';
import { CleanupActivities } from '../../../samples/periodic-cleanup/cleanup.activities';
import { CLEANUP_SERVICE, INSTANCE_RETENTION_MS, type CleanupService } from '../../../samples/periodic-cleanup/cleanup-service';
import { CLEANUP_INTERVAL_MS, PeriodicCleanupLoop } from '../../../samples/periodic-cleanup/periodic-cleanup-loop.orchestrator';
import { SingletonBackgroundJob } from '../../../samples/singleton/singleton-background-job.orchestrator';
import type { TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { historyOf, HOUR, MINUTE, startSampleHost, waitForEvents } from './support/sample-host';

/** Counts cleanups and notes the (virtual) time of each. */
class RecordingCleanup implements CleanupService {
  readonly runs: number[] = [];
  constructor(private readonly clock: VirtualClock) {}
  cleanup(): number {
    this.runs.push(this.clock.now());
    return 0;
  }
}

function executionIdOf(history: readonly HistoryEvent[]): string | undefined {
  const started = history.find((e) => e.type === 'ExecutionStarted');
  return started?.type === 'ExecutionStarted' ? started.executionId : undefined;
}

describe('eternal orchestration sample: Periodic_Cleanup_Loop', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  /** Waits until a generation other than those in `seen` has cleaned up and sleeps on its timer. */
  async function nextGeneration(host: TestHost, id: string, seen: ReadonlySet<string>): Promise<{ executionId: string; history: HistoryEvent[] }> {
    return waitFor(async () => {
      const history = await historyOf(host, id);
      const executionId = executionIdOf(history);
      return executionId !== undefined && !seen.has(executionId) && history.some((e) => e.type === 'TimerCreated') ? { executionId, history } : undefined;
    }, 'the next generation to wait on its timer');
  }

  it('cleans up once per generation, continuing as new under the same id with a fresh history, until terminated', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const cleanup = new RecordingCleanup(clock);
    t = await startSampleHost([PeriodicCleanupLoop, CleanupActivities], (c) => c.registerInstance(CLEANUP_SERVICE, cleanup), clock);
    const host = t;
    const id = await host.host.client.startNew('Periodic_Cleanup_Loop', { instanceId: 'StaticId' });

    const executions = new Set<string>();
    const historyLengths: number[] = [];
    for (let generation = 0; generation < 4; generation++) {
      const { executionId, history } = await nextGeneration(host, id, executions);
      executions.add(executionId);
      historyLengths.push(history.length);
      expect(cleanup.runs).toHaveLength(generation + 1);
      // Only the current generation is kept: one start, one cleanup, one timer.
      expect(history.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
      expect(history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
      expect(history.filter((e) => e.type === 'TimerCreated')).toHaveLength(1);
      expect((await host.host.client.getStatus(id))?.runtimeStatus).toBe('Running');
      clock.advance(CLEANUP_INTERVAL_MS);
    }
    const { executionId: fifth } = await nextGeneration(host, id, executions);
    executions.add(fifth);
    expect(executions.size).toBe(5);
    expect(new Set(historyLengths).size).toBe(1);
    expect(cleanup.runs.map((at) => at - start)).toEqual([0, 1, 2, 3, 4].map((n) => n * HOUR));

    await host.host.client.terminate(id, 'maintenance over');
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done).toMatchObject({ instanceId: 'StaticId', runtimeStatus: 'Terminated', output: 'maintenance over' });
    // The pending timer fires into a terminated instance: no further cleanup, no new generation.
    clock.advance(5 * CLEANUP_INTERVAL_MS);
    await waitFor(async () => (await host.host.storage.nextVisibleAt('orchestration', 0)) === undefined, 'the timer message to be discarded');
    expect(cleanup.runs).toHaveLength(5);
    expect(executionIdOf(await historyOf(host, id))).toBe(fifth);
    expect((await host.host.client.getStatus(id))?.runtimeStatus).toBe('Terminated');
  });

  it('purges finished instances created more than 30 days ago with the default cleanup', async () => {
    const clock = new VirtualClock();
    t = await startSampleHost([PeriodicCleanupLoop, CleanupActivities, SingletonBackgroundJob], () => {}, clock);
    const host = t;
    const old = await host.host.client.startNew('SingletonBackgroundJob', { instanceId: 'old-job', input: { durationMs: MINUTE } });
    await waitForEvents(host, old, 'TimerCreated');
    clock.advance(MINUTE);
    expect((await host.host.client.waitForCompletion(old, { timeoutMs: 10_000 })).runtimeStatus).toBe('Completed');

    const id = await host.host.client.startNew('Periodic_Cleanup_Loop', { instanceId: 'StaticId' });
    const first = await nextGeneration(host, id, new Set());
    const result = (h: readonly HistoryEvent[]) => h.flatMap((e) => (e.type === 'TaskCompleted' ? [e.result] : []));
    expect(result(first.history)).toEqual(['0']);
    expect(await host.host.client.getStatus(old)).toBeDefined();

    clock.advance(INSTANCE_RETENTION_MS + HOUR);
    const second = await nextGeneration(host, id, new Set([first.executionId]));
    expect(result(second.history)).toEqual(['1']);
    expect(await host.host.client.getStatus(old)).toBeUndefined();
    expect((await host.host.client.getStatus(id))?.runtimeStatus).toBe('Running');
    await host.host.client.terminate(id);
  });
});
