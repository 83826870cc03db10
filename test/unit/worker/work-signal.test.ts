import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HINT_DELAY_MS, WorkSignal } from '../../../src/worker/work-signal';

/** Resolves to how the wait ended: woken ('woken') or by its own timeout ('timeout'). */
function race(signal: WorkSignal, timeoutMs: number): { readonly outcome: () => string | undefined } {
  let outcome: string | undefined;
  const started = Date.now();
  void signal.wait(timeoutMs).then(() => (outcome = Date.now() - started >= timeoutMs ? 'timeout' : `woken after ${Date.now() - started} ms`));
  return { outcome: () => outcome };
}

describe('WorkSignal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('notify wakes a waiting loop at once, and a notify before the wait is kept', async () => {
    const signal = new WorkSignal();
    const waiting = race(signal, 1_000);
    signal.notify();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.outcome()).toBe('woken after 0 ms');

    signal.notify();
    const next = race(signal, 1_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(next.outcome()).toBe('woken after 0 ms');
  });

  it('folds a burst of hints into one wake-up, HINT_DELAY_MS after the first', async () => {
    const signal = new WorkSignal();
    const waiting = race(signal, 1_000);
    signal.hint();
    await vi.advanceTimersByTimeAsync(HINT_DELAY_MS / 2);
    signal.hint();
    signal.hint();
    expect(waiting.outcome()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(HINT_DELAY_MS / 2);
    expect(waiting.outcome()).toBe(`woken after ${HINT_DELAY_MS} ms`);

    // Nothing of the burst is left over: the next wait runs to its timeout.
    const next = race(signal, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(next.outcome()).toBe('timeout');
  });

  it('a notify during a hint wakes at once and replaces the hint', async () => {
    const signal = new WorkSignal();
    const waiting = race(signal, 1_000);
    signal.hint();
    signal.notify();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.outcome()).toBe('woken after 0 ms');

    const next = race(signal, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(next.outcome()).toBe('timeout');
  });
});
