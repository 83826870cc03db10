import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from 'durable-ts';
import { SingletonBackgroundJob } from '../../../samples/singleton/singleton-background-job.orchestrator';
import { startSingleton } from '../../../samples/singleton/start-singleton';
import type { TestHost } from '../../support/test-host';
import { MINUTE, startSampleHost, waitForEvents } from './support/sample-host';

describe('singleton sample: startSingleton', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('starts exactly one of 10 concurrent requests, tells the others it already runs, and starts again once it finished', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    t = await startSampleHost([SingletonBackgroundJob], () => {}, clock);
    const { client } = t.host;

    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => startSingleton(client, 'nightly-job', 'SingletonBackgroundJob', { durationMs: MINUTE * (i + 1) })),
    );
    const started = attempts.filter((a) => a.started);
    const refused = attempts.flatMap((a) => (a.started ? [] : [a]));
    expect(started).toEqual([{ started: true, instanceId: 'nightly-job' }]);
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(['Pending', 'Running']).toContain(r.runtimeStatus);
      expect(r.message).toBe("An instance with ID 'nightly-job' already exists.");
    }
    const page = await client.getStatusBy({ instanceIdPrefix: 'nightly-job' });
    expect(page.instances).toHaveLength(1);
    // The input is the winner's: every refused request left it alone.
    const winner = page.instances[0]?.input as { durationMs: number };

    const [timer] = await waitForEvents(t, 'nightly-job', 'TimerCreated');
    expect(Date.parse(timer?.fireAt ?? '')).toBe(start + winner.durationMs);
    expect(await startSingleton(client, 'nightly-job', 'SingletonBackgroundJob')).toMatchObject({ started: false, runtimeStatus: 'Running' });
    clock.advanceTo(Date.parse(timer?.fireAt ?? ''));
    expect((await client.waitForCompletion('nightly-job', { timeoutMs: 10_000 })).runtimeStatus).toBe('Completed');

    expect(await startSingleton(client, 'nightly-job', 'SingletonBackgroundJob', { durationMs: MINUTE })).toEqual({ started: true, instanceId: 'nightly-job' });
    const [again] = await waitForEvents(t, 'nightly-job', 'TimerCreated');
    clock.advanceTo(Date.parse(again?.fireAt ?? ''));
    const second = await client.waitForCompletion('nightly-job', { timeoutMs: 10_000 });
    expect(second.runtimeStatus).toBe('Completed');
    expect((await t.host.storage.getHistory('nightly-job')).filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
  });

  it('passes on errors other than a running instance', async () => {
    t = await startSampleHost([SingletonBackgroundJob], () => {});
    await expect(startSingleton(t.host.client, 'bad/id', 'SingletonBackgroundJob')).rejects.toMatchObject({ code: 'INVALID_INSTANCE_ID' });
    await expect(startSingleton(t.host.client, 'job', 'NoSuchOrchestrator')).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });
});
