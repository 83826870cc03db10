import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from 'durable-ts';
import { createTestHost, startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { compositionFunctions } from './fixtures/composition-functions';

describe('sub-orchestrations and continue-as-new', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('runs children under their own ids and returns their combined output', async () => {
    t = await startTestHost(compositionFunctions);
    const id = await t.host.client.startNew('ParentSum', { instanceId: 'parent', input: { numbers: [1, 2, 3] } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toBe(12);
    const child = await t.host.client.getStatus('parent:0000');
    expect(child).toMatchObject({ name: 'ChildDouble', runtimeStatus: 'Completed', output: 2, input: 1 });
    const history = await t.host.storage.getHistory(id);
    expect(history.filter((e) => e.type === 'SubOrchestrationInstanceCreated').map((e) => e.type === 'SubOrchestrationInstanceCreated' && e.instanceId)).toEqual([
      'parent:0000',
      'parent:0001',
      'parent:0002',
    ]);
    expect(history.filter((e) => e.type === 'SubOrchestrationInstanceCompleted')).toHaveLength(3);
  });

  it("surfaces a child's failure as TaskFailedError with the child's details", async () => {
    t = await startTestHost(compositionFunctions);
    const id = await t.host.client.startNew('ParentSum', { input: { numbers: [1, -5] } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toEqual({ failedTask: 'ChildDouble', inner: 'TaskFailedError', message: expect.stringContaining('cannot double -5') });
    expect((await t.host.client.getStatus(`${id}:0001`))?.runtimeStatus).toBe('Failed');
  });

  it('fails the sub-orchestration task when its explicit id belongs to a running instance', async () => {
    t = await startTestHost(compositionFunctions);
    // A CountUp that waits on a 1 s timer of the system clock keeps 'busy-child' running for a while.
    await t.host.client.startNew('CountUp', { instanceId: 'busy-child', input: { n: 0, until: 1000, seen: [] } });
    const id = await t.host.client.startNew('ParentSum', { input: { numbers: [4], childIds: ['busy-child'] } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toMatchObject({ inner: 'InstanceAlreadyExistsError' });
    await t.host.client.terminate('busy-child');
  });

  it('continues as new under the same id with a fresh history and a new execution', async () => {
    const clock = new VirtualClock();
    t = await startTestHost(compositionFunctions, {}, { clock });
    const host = t.host;
    const id = await host.client.startNew('CountUp', { instanceId: 'eternal', input: { n: 0, until: 3, seen: [] } });
    const executions = new Set<string>();
    for (let generation = 0; generation <= 3; generation++) {
      // Wait until this generation has started and waits on its timer, then fire the timer.
      const started = await waitFor(async () => {
        const h = await host.storage.getHistory(id);
        const first = h.find((e) => e.type === 'ExecutionStarted');
        const n = first?.type === 'ExecutionStarted' ? (JSON.parse(first.input ?? '{}') as { n: number }).n : -1;
        return n === generation && h.some((e) => e.type === 'TimerCreated') && first?.type === 'ExecutionStarted' ? first : undefined;
      }, `generation ${generation} to wait on its timer`);
      executions.add(started.executionId);
      clock.advance(1000);
    }
    const done = await host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toEqual({ n: 3, seen: [] });
    expect(executions.size).toBe(4);
    const history = await host.storage.getHistory(id);
    expect(history.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
    expect(history.filter((e) => e.type === 'TimerCreated')).toHaveLength(1);
  });

  it('carries unprocessed events into the next execution only when asked', async () => {
    for (const preserve of [true, false]) {
      const first = await startTestHost(compositionFunctions);
      const id = await first.host.client.startNew('EventPerGeneration', { input: { left: 2, got: [], preserve } });
      await waitFor(async () => (await first.host.client.getStatus(id))?.runtimeStatus === 'Running', 'the instance to run');
      await first.stop();
      // Both events wait in the inbox, so one episode takes both: the first generation uses one
      // and continues as new before it sees the other.
      t = await createTestHost(compositionFunctions, {}, { dir: first.dir });
      await t.host.client.raiseEvent(id, 'Tick', 'first');
      await t.host.client.raiseEvent(id, 'Tick', 'second');
      await t.host.start();
      if (preserve) {
        const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
        expect(done.output).toEqual(['first', 'second']);
      } else {
        const host = t.host;
        await waitFor(async () => {
          const h = await host.storage.getHistory(id);
          const started = h.find((e) => e.type === 'ExecutionStarted');
          return started?.type === 'ExecutionStarted' && (JSON.parse(started.input ?? '{}') as { left: number }).left === 1 && h.some((e) => e.type === 'OrchestratorCompleted');
        }, 'the second generation to start');
        expect((await host.storage.getHistory(id)).some((e) => e.type === 'EventRaised')).toBe(false);
        expect((await host.client.getStatus(id))?.runtimeStatus).toBe('Running');
      }
      await t.dispose();
      t = undefined;
    }
  });
});
