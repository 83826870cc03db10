import type { ActivityTimeoutSource } from '../model/errors/activity-timeout-error';

/** The time limit an activity runs under, and which setting gave it. */
export interface ActivityTimeLimit {
  readonly timeoutMs: number;
  readonly source: ActivityTimeoutSource;
}

/**
 * The lower of the call's own `timeoutMs` (stored with its work item) and host.json
 * `functionTimeout`; undefined when neither is set. On a tie the call's own limit is named, since
 * it is the one the orchestration's author chose for this call.
 */
export function effectiveActivityTimeout(callTimeoutMs: number | undefined, functionTimeoutMs: number | null): ActivityTimeLimit | undefined {
  if (callTimeoutMs !== undefined && (functionTimeoutMs === null || callTimeoutMs <= functionTimeoutMs)) {
    return { timeoutMs: callTimeoutMs, source: 'timeoutMs' };
  }
  return functionTimeoutMs === null ? undefined : { timeoutMs: functionTimeoutMs, source: 'functionTimeout' };
}
