import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Gate, GatedActivities, GatedOrchestrator, gates } from './fixtures/gated-functions';
import { startTestHost, type TestHost } from '../support/test-host';

describe('graceful shutdown', () => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    const stopped = hosts.splice(0);
    for (const h of stopped) await h.stop();
    for (const h of stopped) rmSync(h.dir, { recursive: true, force: true });
  });

  it('finishes a running activity and saves its result before stop() resolves', async () => {
    gates.current = new Gate();
    const first = await startTestHost([GatedActivities, GatedOrchestrator]);
    hosts.push(first);
    const id = await first.host.client.startNew('GatedOrchestrator', { input: 'a' });
    await gates.current.startedPromise;
    const stopping = first.host.stop();
    gates.current.open();
    await stopping;
    // The result was committed to the instance's inbox: a new host completes it without re-running.
    const second = await startTestHost([GatedActivities, GatedOrchestrator], {}, { dir: first.dir });
    hosts.push(second);
    const done = await second.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toBe('passed a');
    expect(gates.current.runs).toBe(1);
  });

  it('releases an activity that outlives the drain timeout, so another host takes it without waiting for the lease', async () => {
    gates.current = new Gate();
    const first = await startTestHost([GatedActivities, GatedOrchestrator], { leaseDurationInSeconds: 600 }, { drainTimeoutMs: 50 });
    hosts.push(first);
    const id = await first.host.client.startNew('GatedOrchestrator', { input: 'b' });
    await gates.current.startedPromise;
    await first.host.stop();
    const stuck = gates.current;
    gates.current = new Gate();
    gates.current.open();
    const second = await startTestHost([GatedActivities, GatedOrchestrator], { leaseDurationInSeconds: 600 }, { dir: first.dir });
    hosts.push(second);
    // With a 600 s lease, completing within 20 s proves the item was released, not expired.
    const done = await second.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toBe('passed b');
    expect(gates.current.runs).toBe(1);
    stuck.open();
  });
});
