import { DurableError } from './durable-error';

/** Which limit an activity ran into: the call's own `timeoutMs`, or host.json `functionTimeout`. */
export type ActivityTimeoutSource = 'timeoutMs' | 'functionTimeout';

/**
 * An activity ran longer than its limit: the lower of its call's `timeoutMs` and host.json
 * `functionTimeout`. The worker stops waiting for it, aborts the `signal` it was given and fails
 * the task with this error, so the orchestration sees a TaskFailedError whose failure details
 * name `ActivityTimeoutError`; a result that arrives later is discarded.
 */
export class ActivityTimeoutError extends DurableError {
  readonly code = 'ACTIVITY_TIMEOUT' as const;
  constructor(
    readonly activityName: string,
    readonly instanceId: string,
    readonly timeoutMs: number,
    readonly source: ActivityTimeoutSource = 'functionTimeout',
  ) {
    super(
      `Activity '${activityName}' of instance '${instanceId}' did not finish within ${timeoutMs} ms (${source === 'timeoutMs' ? "the call's timeoutMs" : 'functionTimeout'}); ` +
        `its result, if it comes, is discarded. ${source === 'timeoutMs' ? "Raise the call's timeoutMs" : 'Raise functionTimeout in host.json'}, or let the activity stop when its signal aborts.`,
    );
  }
}
