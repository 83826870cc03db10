import { DurableError } from './durable-error';

/** An orchestration-only API was used outside the episode that owns it. */
export class OrchestrationContextRequiredError extends DurableError {
  readonly code = 'ORCHESTRATION_CONTEXT_REQUIRED' as const;
  constructor(readonly api: string) {
    super(
      `${api} can only be used by orchestrator code while its episode runs; ` +
        'it was called after the orchestration moved on or from outside an orchestrator.',
    );
  }
}
