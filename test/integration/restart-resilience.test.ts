import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, type HistoryEvent } from 'durable-ts';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { compositionFunctions } from './fixtures/composition-functions';
import { attempts, FlakyActivities, RetryingOrchestrator } from './fixtures/retry-functions';
import { waitingFunctions } from './fixtures/waiting-functions';

const functions = [...compositionFunctions, FlakyActivities, RetryingOrchestrator, ...waitingFunctions];

/** Each scenario is stopped half-way and finished by a new host on the same database. */
describe('a host restart in the middle changes nothing in the outcome', () => {
  const dirs = new Set<string>();
  let current: TestHost | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs.clear();
  });

  async function start(clock: VirtualClock, dir?: string): Promise<TestHost> {
    current = await startTestHost(functions, {}, { clock, ...(dir !== undefined ? { dir } : {}) });
    dirs.add(current.dir);
    return current;
  }

  async function restart(clock: VirtualClock): Promise<TestHost> {
    const dir = current!.dir;
    await current!.stop();
    return start(clock, dir);
  }

  const has = (t: TestHost, id: string, type: HistoryEvent['type'], count = 1) => async () =>
    (await t.host.storage.getHistory(id)).filter((e) => e.type === type).length >= count;

  it('retry schedule', async () => {
    const clock = new VirtualClock();
    let t = await start(clock);
    const id = await t.host.client.startNew('RetryingOrchestrator', {
      input: { flaky: { key: 'restart-retry', failures: 2 }, retry: { firstRetryIntervalMs: 60_000, maxNumberOfAttempts: 3 } },
    });
    await waitFor(has(t, id, 'TimerCreated'), 'the first retry timer');
    t = await restart(clock);
    clock.advance(60_000);
    await waitFor(has(t, id, 'TimerCreated', 2), 'the second retry timer');
    t = await restart(clock);
    clock.advance(60_000);
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toBe('succeeded on attempt 3');
    expect(attempts.get('restart-retry')).toBe(3);
  });

  it('suspension with events held', async () => {
    const clock = new VirtualClock();
    let t = await start(clock);
    const id = await t.host.client.startNew('EventCollector', { input: 2 });
    await waitFor(async () => (await t.host.client.getStatus(id))?.runtimeStatus === 'Running', 'running');
    await t.host.client.suspend(id);
    await t.host.client.raiseEvent(id, 'Item', 'x');
    await waitFor(has(t, id, 'EventRaised'), 'the held event');
    t = await restart(clock);
    await t.host.client.raiseEvent(id, 'Item', 'y');
    await waitFor(has(t, id, 'EventRaised', 2), 'the second held event');
    expect((await t.host.client.getStatus(id))?.runtimeStatus).toBe('Suspended');
    await t.host.client.resume(id);
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toEqual(['x', 'y']);
  });

  it('continue-as-new generations', async () => {
    const clock = new VirtualClock();
    let t = await start(clock);
    const id = await t.host.client.startNew('CountUp', { input: { n: 0, until: 2, seen: [] } });
    for (let generation = 0; generation <= 2; generation++) {
      const host = t;
      await waitFor(async () => {
        const h = await host.host.storage.getHistory(id);
        const first = h.find((e) => e.type === 'ExecutionStarted');
        return first?.type === 'ExecutionStarted' && (JSON.parse(first.input ?? '{}') as { n: number }).n === generation && h.some((e) => e.type === 'TimerCreated');
      }, `generation ${generation}`);
      t = await restart(clock);
      clock.advance(1000);
    }
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toEqual({ n: 2, seen: [] });
  });

  it('sub-orchestrations in flight', async () => {
    const clock = new VirtualClock();
    let t = await start(clock);
    const id = await t.host.client.startNew('ParentSum', { input: { numbers: [5, 6, 7] } });
    await waitFor(has(t, id, 'SubOrchestrationInstanceCreated', 3), 'the children to be created');
    t = await restart(clock);
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toBe(36);
  });
});
