import { DurableError } from './durable-error';

/**
 * An activity ran longer than its limit (host.json `functionTimeout`). The worker stops waiting
 * for it, aborts the `signal` it was given and fails the task with this error, so the
 * orchestration sees a TaskFailedError whose failure details name `ActivityTimeoutError`; a
 * result that arrives later is discarded.
 */
export class ActivityTimeoutError extends DurableError {
  readonly code = 'ACTIVITY_TIMEOUT' as const;
  constructor(
    readonly activityName: string,
    readonly instanceId: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Activity '${activityName}' of instance '${instanceId}' did not finish within ${timeoutMs} ms (functionTimeout); ` +
        'its result, if it comes, is discarded. Raise functionTimeout in host.json, or let the activity stop when its signal aborts.',
    );
  }
}
