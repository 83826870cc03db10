/**
 * How long a hint (work another process announced) waits before it wakes the loop. Every commit
 * of every process sends one to every idle worker, and all but one of the claims they trigger
 * find nothing; waiting a moment folds a burst of hints into one claim, which then picks up
 * everything that arrived meanwhile. Work of this process wakes the loop at once.
 */
export const HINT_DELAY_MS = 10;

/**
 * Wakes an idle dispatcher loop: `notify` ends the current (or next) `wait` early, so in-process
 * work is picked up at once instead of at the next poll; `hint` does the same after
 * HINT_DELAY_MS, once for all hints that arrive meanwhile. No wake-up is lost between a notify
 * and the following wait.
 */
export class WorkSignal {
  private pending = false;
  private wake: (() => void) | undefined;
  private hintTimer: NodeJS.Timeout | undefined;

  notify(): void {
    clearTimeout(this.hintTimer);
    this.hintTimer = undefined;
    if (this.wake) {
      const wake = this.wake;
      this.wake = undefined;
      wake();
    } else {
      this.pending = true;
    }
  }

  /** Work announced by another process: wakes the loop HINT_DELAY_MS from the first hint on. */
  hint(): void {
    if (this.hintTimer !== undefined || this.pending) return;
    this.hintTimer = setTimeout(() => this.notify(), HINT_DELAY_MS);
    this.hintTimer.unref();
  }

  /** Resolves after `timeoutMs`, or earlier on notify. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, Math.max(0, timeoutMs));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
