import { Activities, Activity, inject, registry } from 'durable-ts';
import { CLEANUP_SERVICE, PurgeOldInstances, type CleanupService } from './cleanup-service';

/** The activity of the Durable Functions eternal orchestration sample: DoCleanup. */
@Activities()
@registry([{ token: CLEANUP_SERVICE, useClass: PurgeOldInstances }])
export class CleanupActivities {
  constructor(@inject(CLEANUP_SERVICE) private readonly service: CleanupService) {}

  @Activity('DoCleanup')
  async doCleanup(): Promise<number> {
    return this.service.cleanup();
  }
}
