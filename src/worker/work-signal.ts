/**
 * Wakes an idle dispatcher loop: `notify` ends the current (or next) `wait` early, so in-process
 * work is picked up at once instead of at the next poll. No wake-up is lost between a notify and
 * the following wait.
 */
export class WorkSignal {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    if (this.wake) {
      const wake = this.wake;
      this.wake = undefined;
      wake();
    } else {
      this.pending = true;
    }
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
