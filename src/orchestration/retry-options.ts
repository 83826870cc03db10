import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import type { TaskFailedError } from '../model/errors/task-failed-error';

/**
 * How a failed activity or sub-orchestration is retried. Waits between attempts are durable
 * timers, so a retry schedule survives restarts. The final failure carries the last error.
 */
export interface RetryOptions {
  /** Wait before the second attempt. */
  readonly firstRetryIntervalMs: number;
  /** Attempts in all, the first included (1 = no retry). */
  readonly maxNumberOfAttempts: number;
  /** Each wait is the previous one times this (default 1: equal waits). */
  readonly backoffCoefficient?: number;
  /** Upper bound of one wait. */
  readonly maxRetryIntervalMs?: number;
  /** No new attempt starts later than this after the first attempt started. */
  readonly retryTimeoutMs?: number;
  /** Decides whether a failure is worth retrying (the custom retry handler); default: every failure. */
  readonly handle?: (error: TaskFailedError) => boolean;
}

/** Options of `ctx.callActivity` and `ctx.callSubOrchestrator`. */
export interface TaskOptions {
  readonly retry?: RetryOptions;
}

/** The longest per-call activity time limit accepted: 365 days, as for host.json functionTimeout. */
export const MAX_ACTIVITY_TIMEOUT_MS = 365 * 24 * 60 * 60 * 1000;

/** Options of `ctx.callActivity` and the typed `ctx.activities` proxies. */
export interface ActivityOptions extends TaskOptions {
  /**
   * Longest this call's activity may run, in ms (whole, 1 ms to 365 days). The worker applies the
   * lower of this and host.json `functionTimeout`; at the limit the task fails with
   * `ActivityTimeoutError` and the activity's signal aborts. With `retry`, each attempt has it.
   */
  readonly timeoutMs?: number;
}

/** Throws InvalidArgumentError unless `timeoutMs` is absent or a whole number of ms within the accepted range. */
export function assertValidActivityTimeout(timeoutMs: number | undefined): void {
  if (timeoutMs === undefined) return;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_ACTIVITY_TIMEOUT_MS) {
    throw new InvalidArgumentError('activity option timeoutMs', `expected a whole number of milliseconds from 1 to ${MAX_ACTIVITY_TIMEOUT_MS} (365 days), got ${String(timeoutMs)}`);
  }
}

/** Options of `ctx.callSubOrchestrator`. */
export interface SubOrchestrationOptions extends TaskOptions {
  /** The child's instance id; defaults to `<parent id>:<step in hex>`. */
  readonly instanceId?: string;
  readonly version?: string;
}

/** Throws InvalidArgumentError for options that could never work. */
export function assertValidRetryOptions(options: RetryOptions): void {
  const positive = (value: number | undefined, name: string, min: number): void => {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= min)) {
      throw new InvalidArgumentError(`retry option ${name}`, `expected a finite number ≥ ${min}, got ${String(value)}`);
    }
  };
  positive(options.firstRetryIntervalMs, 'firstRetryIntervalMs', 1);
  positive(options.maxNumberOfAttempts, 'maxNumberOfAttempts', 1);
  positive(options.backoffCoefficient, 'backoffCoefficient', 1);
  positive(options.maxRetryIntervalMs, 'maxRetryIntervalMs', 1);
  positive(options.retryTimeoutMs, 'retryTimeoutMs', 0);
  if (options.firstRetryIntervalMs === undefined || options.maxNumberOfAttempts === undefined) {
    throw new InvalidArgumentError('retry options', 'firstRetryIntervalMs and maxNumberOfAttempts are required');
  }
  if (options.handle !== undefined && typeof options.handle !== 'function') {
    throw new InvalidArgumentError('retry option handle', 'expected a function (error) => boolean');
  }
}

/** The wait before attempt `attempt + 1`, after `attempt` failed attempts (1-based). */
export function retryDelayMs(options: RetryOptions, attempt: number): number {
  const delay = options.firstRetryIntervalMs * Math.pow(options.backoffCoefficient ?? 1, attempt - 1);
  return Math.min(delay, options.maxRetryIntervalMs ?? Number.POSITIVE_INFINITY);
}
