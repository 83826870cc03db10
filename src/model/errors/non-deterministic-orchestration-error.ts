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
  ) {
    super(
      `Non-deterministic orchestration '${instanceId}' at step ${step}: history recorded ${recorded} ` +
        `but the code ${actual}. Orchestrator code must make the same durable calls in the same order on every replay.`,
    );
  }
}
