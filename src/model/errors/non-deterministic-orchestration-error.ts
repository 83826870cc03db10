import { DurableError } from './durable-error';

/** Replay found code that does something other than what its history recorded. */
export class NonDeterministicOrchestrationError extends DurableError {
  readonly code = 'NON_DETERMINISTIC_ORCHESTRATION' as const;
  constructor(
    readonly instanceId: string,
    /** The sequence number of the step in question (the id of the scheduled action). */
    readonly step: number,
    /** What history recorded at that step, e.g. `TaskScheduled E1_SayHello`. */
    readonly recorded: string,
    /** What the code did at that step instead. */
    readonly actual: string,
    /** A sentence replacing the default one, for cases the recorded/actual wording does not fit. */
    message?: string,
  ) {
    super(
      message ??
        `Non-deterministic orchestration '${instanceId}' at step ${step}: history recorded ${recorded} ` +
          `but the code ${actual}. Orchestrator code must make the same durable calls in the same order on every replay.`,
    );
  }

  /**
   * The code waits on a promise no history event can settle (a timer, I/O, any non-durable
   * promise). `step` is the durable call it would make next; `lastCall` describes the one before.
   */
  static awaitedNonDurable(instanceId: string, step: number, lastCall: string | undefined): NonDeterministicOrchestrationError {
    const after = lastCall === undefined ? 'before its first durable call' : `after step ${step - 1} (${lastCall})`;
    const actual = 'awaited a promise that is not a durable task';
    return new NonDeterministicOrchestrationError(
      instanceId,
      step,
      'a durable task to wait for',
      actual,
      `Non-deterministic orchestration '${instanceId}' at step ${step}: the code ${actual} ${after}. Only durable tasks ` +
        'settle on replay: use ctx.callActivity, ctx.createTimer or ctx.waitForExternalEvent instead of timers, I/O or other promises.',
    );
  }

  /**
   * Replay verification: the run on the cached (live) context and a replay of the same history on
   * a fresh context did different things at `step`, so the code depends on something besides history.
   */
  static replayDiffers(instanceId: string, step: number, firstRun: string, replay: string): NonDeterministicOrchestrationError {
    return new NonDeterministicOrchestrationError(
      instanceId,
      step,
      firstRun,
      replay,
      `Non-deterministic orchestration '${instanceId}' at step ${step}: the run ${firstRun} but a replay of the same history ${replay}. ` +
        'Orchestrator code must make the same durable calls in the same order on every replay (read time, randomness and the ' +
        'environment through ctx.currentUtcDateTime, ctx.newGuid() or an activity).',
    );
  }
}
