import { CLOCK, DurableClient, inject, injectable, type Clock } from 'durable-ts';

/**
 * What the Durable Functions eternal orchestration sample (Periodic_Cleanup_Loop) cleans each
 * round. Register another CleanupService under CLEANUP_SERVICE to clean something else.
 */
export interface CleanupService {
  /** Cleans up and returns how many items it removed. */
  cleanup(): Promise<number> | number;
}

/** Injection token of the cleanup (`@inject(CLEANUP_SERVICE)`). */
export const CLEANUP_SERVICE = Symbol.for('durable-ts-samples:CleanupService');

/** Finished instances are kept this long after they were created. */
export const INSTANCE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The default cleanup: purges the histories of finished (Completed, Failed, Terminated) instances
 * created more than 30 days ago. Running instances are never purged.
 */
@injectable()
export class PurgeOldInstances implements CleanupService {
  constructor(
    private readonly client: DurableClient,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async cleanup(): Promise<number> {
    const { instancesDeleted } = await this.client.purgeInstanceHistoryBy({
      createdTimeTo: new Date(this.clock.now() - INSTANCE_RETENTION_MS),
      runtimeStatus: ['Completed', 'Failed', 'Terminated'],
    });
    return instancesDeleted;
  }
}
