import { Orchestrator, type OrchestrationContext } from 'durable-ts';

export interface BackupRequest {
  /** Folder to back up. */
  readonly source: string;
  /** Folder the copies go to. */
  readonly destination: string;
}

/** The fan-out/fan-in sample: copy every file in parallel, then add up the bytes copied. */
@Orchestrator('E2_BackupSiteContent')
export class BackupSiteContent {
  async run(ctx: OrchestrationContext<BackupRequest>): Promise<number> {
    const request = ctx.getInput();
    if (!request?.source || !request.destination) {
      throw new Error('E2_BackupSiteContent needs an input { source, destination } naming two folders.');
    }
    const files = await ctx.activities.E2_GetFileList(request.source);
    const copies = files.map((file) => ctx.activities.E2_CopyFileToBlob({ sourceRoot: request.source, file, backupRoot: request.destination }));
    const sizes = await ctx.all(copies);
    return sizes.reduce((total, size) => total + size, 0);
  }
}
