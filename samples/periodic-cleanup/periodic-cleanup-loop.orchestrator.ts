import { Orchestrator, type OrchestrationContext } from 'durable-ts';

/** Pause between two cleanups. */
export const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The Durable Functions eternal orchestration sample (Periodic_Cleanup_Loop): cleans up, sleeps
 * an hour on a durable timer, then continues as new, so its history never grows past one round.
 * Start it under a fixed id (the docs use "StaticId") to keep one loop; terminate it to stop.
 */
@Orchestrator('Periodic_Cleanup_Loop')
export class PeriodicCleanupLoop {
  async run(ctx: OrchestrationContext<void>): Promise<void> {
    const removed = await ctx.callActivity<number>('DoCleanup');
    ctx.log.info(`Cleanup removed ${removed} item(s).`);

    const nextCleanup = new Date(ctx.currentUtcDateTime.getTime() + CLEANUP_INTERVAL_MS);
    await ctx.createTimer(nextCleanup);

    ctx.continueAsNew(undefined);
  }
}
