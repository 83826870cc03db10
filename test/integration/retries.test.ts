import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, type HistoryEvent } from 'durable-ts';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { attempts, FlakyActivities, RetryingOrchestrator, type RetryRequest } from './fixtures/retry-functions';

describe('retry policies on durable timers', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  /** Starts the orchestration and advances the virtual clock to each retry timer as it appears. */
  async function runWithRetries(clock: VirtualClock, request: RetryRequest) {
    t = await startTestHost([FlakyActivities, RetryingOrchestrator], {}, { clock });
    const host = t.host;
    const id = await host.client.startNew('RetryingOrchestrator', { input: request });
    const timers = (h: HistoryEvent[]) => h.filter((e) => e.type === 'TimerCreated');
    let advanced = 0;
    for (;;) {
      const status = await waitFor(async () => {
        const s = await host.client.getStatus(id, { showHistory: true });
        const pending = s && timers([...(s.historyEvents ?? [])]).length > advanced;
        return s && (pending || s.runtimeStatus === 'Completed' || s.runtimeStatus === 'Failed') ? s : undefined;
      }, 'a retry timer or the end');
      if (status.runtimeStatus === 'Completed' || status.runtimeStatus === 'Failed') {
        return { status, history: [...(status.historyEvents ?? [])] };
      }
      const timer = timers([...(status.historyEvents ?? [])])[advanced];
      advanced++;
      if (timer?.type === 'TimerCreated') clock.advanceTo(Date.parse(timer.fireAt));
    }
  }

  it('retries with exponential backoff measured on the virtual clock until an attempt succeeds', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { status, history } = await runWithRetries(clock, {
      flaky: { key: 'backoff', failures: 3 },
      retry: { firstRetryIntervalMs: 1000, backoffCoefficient: 2, maxNumberOfAttempts: 5 },
    });
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe('succeeded on attempt 4');
    const fireTimes = history.flatMap((e) => (e.type === 'TimerCreated' ? [Date.parse(e.fireAt) - start] : []));
    expect(fireTimes).toEqual([1000, 1000 + 2000, 1000 + 2000 + 4000]);
    expect(history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(4);
  });

  it('caps each wait at maxRetryIntervalMs', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { history } = await runWithRetries(clock, {
      flaky: { key: 'capped', failures: 3 },
      retry: { firstRetryIntervalMs: 1000, backoffCoefficient: 10, maxRetryIntervalMs: 5000, maxNumberOfAttempts: 4 },
    });
    const fireTimes = history.flatMap((e) => (e.type === 'TimerCreated' ? [Date.parse(e.fireAt) - start] : []));
    expect(fireTimes).toEqual([1000, 6000, 11000]);
  });

  it('gives up after maxNumberOfAttempts and fails with the last error', async () => {
    const clock = new VirtualClock();
    const { status } = await runWithRetries(clock, {
      flaky: { key: 'hopeless', failures: 99 },
      retry: { firstRetryIntervalMs: 500, maxNumberOfAttempts: 3 },
    });
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.failureDetails?.innerFailure?.message).toBe('attempt 3 failed');
    expect(attempts.get('hopeless')).toBe(3);
  });

  it('does not retry a failure the handler rejects', async () => {
    const clock = new VirtualClock();
    const { status } = await runWithRetries(clock, {
      flaky: { key: 'fatal', failures: 5, errorName: 'FatalError' },
      retry: { firstRetryIntervalMs: 500, maxNumberOfAttempts: 5, retryOnlyTransient: true },
    });
    expect(status.runtimeStatus).toBe('Failed');
    expect(attempts.get('fatal')).toBe(1);
    expect(status.failureDetails?.innerFailure?.errorType).toBe('FatalError');
  });

  it('stops retrying once the retry timeout has passed', async () => {
    const clock = new VirtualClock();
    const { status } = await runWithRetries(clock, {
      flaky: { key: 'timeout', failures: 99 },
      retry: { firstRetryIntervalMs: 1000, maxNumberOfAttempts: 50, retryTimeoutMs: 2500 },
    });
    expect(status.runtimeStatus).toBe('Failed');
    // Attempts start at 0, 1, 2 and 3 s; the failure of the one at 3 s is past the 2.5 s timeout.
    expect(attempts.get('timeout')).toBe(4);
  });
});
