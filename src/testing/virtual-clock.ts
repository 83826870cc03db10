import type { Clock } from '../model/clock';

/**
 * A clock that moves only when a test says so: durable timers of 90 seconds or 72 hours fire
 * when the test advances past them, and not a moment before.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<() => void>();

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` and wakes the workers. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`VirtualClock.advance needs a non-negative number of milliseconds, got ${ms}`);
    this.current += ms;
    for (const listener of this.listeners) listener();
  }

  /** Moves time forward to `time` (never backwards). */
  advanceTo(time: Date | number): void {
    const target = typeof time === 'number' ? time : time.getTime();
    this.advance(Math.max(0, target - this.current));
  }

  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
