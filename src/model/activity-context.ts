/**
 * What an activity method receives as its second argument, after its input — like the
 * `context` of a Durable Functions activity. Most activities take only the input and ignore it.
 */
export interface ActivityContext {
  /** The orchestration instance that scheduled this activity. */
  readonly instanceId: string;
  /** The activity's registered name. */
  readonly activityName: string;
  /**
   * Aborted when the activity runs past host.json `functionTimeout` (its reason is an
   * ActivityTimeoutError): pass it to `fetch` and other cancellable work, or check
   * `signal.aborted`, so a timed-out activity stops instead of running on unseen.
   */
  readonly signal: AbortSignal;
}
