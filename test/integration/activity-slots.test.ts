import { afterEach, describe, expect, it } from 'vitest';
import { DoubleAll, SlowMathActivities } from './fixtures/fan-out-functions';
import { startTestHost, type TestHost } from '../support/test-host';

/**
 * A worker whose activity slots are all busy does not claim the activities waiting behind them;
 * when a slot frees, it claims the next one at once, not at its next idle poll (30 s here).
 */
describe('activity slots', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('runs queued activities one after another with a single slot, each as soon as the slot frees', async () => {
    t = await startTestHost([SlowMathActivities, DoubleAll], { maxConcurrentActivityFunctions: 1, maxQueuePollingInterval: '00:00:30' });
    const id = await t.host.client.startNew('DoubleAll', { input: [1, 2, 3, 4, 5] });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done.output).toEqual([2, 4, 6, 8, 10]);
  });
});
