import { Orchestrator, type OrchestrationContext } from 'durable-ts';

/** Input of SingletonBackgroundJob. */
export interface BackgroundJobRequest {
  /** How long the job runs; default one minute. */
  readonly durationMs?: number;
}

/** How long a job runs unless told otherwise. */
export const DEFAULT_JOB_DURATION_MS = 60 * 1000;

/**
 * The background job of the Durable Functions singleton sample: a job that must not run twice at
 * once, started through `startSingleton` under a fixed id. It works for `durationMs` (a durable
 * timer stands in for the work) and returns when it finished.
 */
@Orchestrator('SingletonBackgroundJob')
export class SingletonBackgroundJob {
  async run(ctx: OrchestrationContext<BackgroundJobRequest | undefined>): Promise<string> {
    const durationMs = ctx.getInput()?.durationMs ?? DEFAULT_JOB_DURATION_MS;
    await ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + durationMs));
    return ctx.currentUtcDateTime.toISOString();
  }
}
