import type { TaskFailedError } from '../model/errors/task-failed-error';
import { DurableTask } from './durable-task';
import { retryDelayMs, type RetryOptions } from './retry-options';
import type { TimerTask } from './timer-task';

/**
 * A task that re-runs its work after failures, waiting on durable timers between attempts.
 * Every attempt and every wait is a recorded action, so replay takes the same path.
 */
export class RetryableTask<T> extends DurableTask<T> {
  private attempt = 1;
  private current: DurableTask<unknown>;

  constructor(
    private readonly options: RetryOptions,
    private readonly schedule: () => DurableTask<T>,
    private readonly createTimer: (fireAt: Date) => TimerTask,
    private readonly now: () => Date,
    private readonly firstAttemptAt: Date,
  ) {
    super();
    this.current = this.watch(schedule());
  }

  override markAwaited(): void {
    super.markAwaited();
    this.current.markAwaited();
  }

  private watch<C extends DurableTask<unknown>>(task: C): C {
    if (this.isAwaited) task.markAwaited();
    return task;
  }

  private onAttemptSettled(attemptTask: DurableTask<T>): boolean {
    if (!attemptTask.isFaulted) return this.complete(attemptTask.result);
    // Attempts are activities or sub-orchestrations: they fail only with a TaskFailedError.
    const error = attemptTask.error as TaskFailedError;
    if (!this.shouldRetry(error)) return this.fail(error);
    const timer = this.watch(this.createTimer(new Date(this.now().getTime() + retryDelayMs(this.options, this.attempt))));
    this.attempt++;
    this.current = timer;
    timer.addParent(() => {
      const next = this.watch(this.schedule());
      this.current = next;
      next.addParent(() => this.onAttemptSettled(next));
      if (next.isCompleted) return this.onAttemptSettled(next);
      return false;
    });
    return false;
  }

  private shouldRetry(error: TaskFailedError): boolean {
    if (this.attempt >= this.options.maxNumberOfAttempts) return false;
    const timeout = this.options.retryTimeoutMs;
    if (timeout !== undefined && this.now().getTime() - this.firstAttemptAt.getTime() >= timeout) return false;
    if (this.options.handle === undefined) return true;
    try {
      return this.options.handle(error) === true;
    } catch {
      return false; // a handler that throws stops retrying; the task fails with the task's own error
    }
  }

  /** @internal Wires the first attempt; called once by the context after construction. */
  begin(): this {
    const first = this.current as DurableTask<T>;
    first.addParent(() => this.onAttemptSettled(first));
    return this;
  }
}
