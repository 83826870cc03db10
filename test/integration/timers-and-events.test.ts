import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isDurableError, VirtualClock, type HistoryEvent } from 'durable-ts';
import { createTestHost, startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { Gate, gates } from './fixtures/gated-functions';
import { HOUR, waitingFunctions } from './fixtures/waiting-functions';

describe('durable timers, external events, terminate, suspend and resume', () => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    const stopped = hosts.splice(0);
    for (const h of stopped) await h.stop();
    for (const h of new Set(stopped.map((s) => s.dir))) rmSync(h, { recursive: true, force: true });
  });

  async function host(clock: VirtualClock, dir?: string): Promise<TestHost> {
    const t = await startTestHost(waitingFunctions, {}, { clock, ...(dir !== undefined ? { dir } : {}) });
    hosts.push(t);
    return t;
  }

  async function historyHas(t: TestHost, id: string, type: HistoryEvent['type']): Promise<boolean> {
    return (await t.host.storage.getHistory(id)).some((e) => e.type === type);
  }

  it('fires a 72-hour timer when the clock passes it, not before, and escalates', async () => {
    const clock = new VirtualClock();
    const t = await host(clock);
    const id = await t.host.client.startNew('ApprovalRace');
    await waitFor(() => historyHas(t, id, 'TimerCreated'), 'the timer to be created');
    const due = clock.now() + 72 * HOUR;
    clock.advance(72 * HOUR - 1);
    expect(await t.host.storage.nextVisibleAt('orchestration', clock.now())).toBe(due);
    expect((await t.host.client.getStatus(id))?.runtimeStatus).toBe('Running');
    clock.advance(1);
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toBe('escalated');
  });

  it('lets an event win the race and cancels the timer, which never wakes the orchestration', async () => {
    const clock = new VirtualClock();
    const t = await host(clock);
    const id = await t.host.client.startNew('ApprovalRace');
    await waitFor(() => historyHas(t, id, 'TimerCreated'), 'the timer to be created');
    await t.host.client.raiseEvent(id, 'approvalevent', 'ann');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toBe('approved by ann');
    clock.advance(100 * HOUR);
    // The due TimerFired message is consumed without touching the finished instance.
    await waitFor(async () => (await t.host.storage.nextVisibleAt('orchestration', 0)) === undefined, 'the timer message to be discarded');
    const history = await t.host.storage.getHistory(id);
    expect(history.filter((e) => e.type === 'TimerFired')).toHaveLength(0);
    expect((await t.host.client.getStatus(id))?.runtimeStatus).toBe('Completed');
  });

  it('buffers events raised before the orchestration waits, and hands them out in order', async () => {
    const clock = new VirtualClock();
    // Raise while no worker runs: the three events wait in the inbox behind ExecutionStarted.
    const offline = await createTestHost(waitingFunctions, {}, { clock });
    hosts.push(offline);
    const id = await offline.host.client.startNew('EventCollector', { input: 3 });
    for (const item of ['a', 'b', 'c']) await offline.host.client.raiseEvent(id, 'ITEM', item);
    await offline.host.start();
    const live = offline;
    const done = await live.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toEqual(['a', 'b', 'c']);
  });

  it('refuses events to unknown and finished instances with typed errors', async () => {
    const clock = new VirtualClock();
    const t = await host(clock);
    const unknown = await t.host.client.raiseEvent('nobody', 'Item', 1).catch((e: unknown) => e);
    expect(isDurableError(unknown) && unknown.code).toBe('INSTANCE_NOT_FOUND');
    const id = await t.host.client.startNew('Sleeper', { input: 1000 });
    await waitFor(() => historyHas(t, id, 'TimerCreated'), 'the timer to be created');
    clock.advance(1000);
    await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    const late = await t.host.client.raiseEvent(id, 'Item', 1).catch((e: unknown) => e);
    expect(isDurableError(late) && late.code).toBe('INSTANCE_NOT_RUNNING');
    expect((late as Error).message).toContain('Completed');
  });

  it('keeps a timer across a host restart', async () => {
    const clock = new VirtualClock();
    const first = await host(clock);
    const id = await first.host.client.startNew('Sleeper', { input: 6 * 24 * HOUR });
    await waitFor(() => historyHas(first, id, 'TimerCreated'), 'the timer to be created');
    await first.stop();
    hosts.splice(hosts.indexOf(first), 1);
    const second = await host(clock, first.dir);
    clock.advance(30 * 24 * HOUR);
    const done = await second.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBe(new Date(clock.now()).toISOString());
  });

  it('terminates an instance while its activity runs; the late result is ignored', async () => {
    gates.current = new Gate();
    const clock = new VirtualClock();
    const t = await host(clock);
    const id = await t.host.client.startNew('SlowChain', { input: 'x' });
    await gates.current.startedPromise;
    await t.host.client.terminate(id, 'no longer needed');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.runtimeStatus).toBe('Terminated');
    expect(done.output).toBe('no longer needed');
    gates.current.open();
    await waitFor(async () => (await t.host.storage.claimActivityWorkItems({ owner: 'probe', now: clock.now() + 10 * HOUR, leaseMs: 1, maxItems: 1 })).length === 0, 'the activity result to be saved');
    await waitFor(async () => (await t.host.storage.nextVisibleAt('orchestration', 0)) === undefined, 'the late result to be discarded');
    const after = await t.host.client.getStatus(id, { showHistory: true });
    expect(after?.runtimeStatus).toBe('Terminated');
    expect(after?.historyEvents?.some((e) => e.type === 'TaskCompleted')).toBe(false);
    const again = await t.host.client.terminate(id).catch((e: unknown) => e);
    expect(isDurableError(again) && again.code).toBe('INSTANCE_NOT_RUNNING');
  });

  it('holds events raised while suspended and delivers them on resume, in order', async () => {
    const clock = new VirtualClock();
    const t = await host(clock);
    const id = await t.host.client.startNew('EventCollector', { input: 2 });
    await waitFor(async () => (await t.host.client.getStatus(id))?.runtimeStatus === 'Running', 'the instance to run');
    await t.host.client.suspend(id, 'maintenance');
    await waitFor(async () => (await t.host.client.getStatus(id))?.runtimeStatus === 'Suspended', 'the instance to be suspended');
    await t.host.client.raiseEvent(id, 'Item', 1);
    await t.host.client.raiseEvent(id, 'Item', 2);
    await waitFor(() => historyHas(t, id, 'EventRaised'), 'the events to be recorded');
    expect((await t.host.client.getStatus(id))?.runtimeStatus).toBe('Suspended');
    await t.host.client.resume(id, 'done');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toEqual([1, 2]);
  });
});
