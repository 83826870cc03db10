import type { Clock } from '../model/clock';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import type { ActivityResult } from '../storage/storage-records';
import { workerLogs } from './worker-logs';

interface Queued {
  readonly result: ActivityResult;
  readonly settled: () => void;
}

/**
 * Group commit for activity results: results that finish while a commit is being written, or in
 * the same turn of the event loop, are saved together in the next transaction.
 */
export class ActivityResultBatcher {
  private queue: Queued[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly provider: StorageProvider,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Queues a result; resolves once the batch holding it is written (or its failure logged). */
  add(result: ActivityResult): Promise<void> {
    const settledWrite = new Promise<void>((settled) => this.queue.push({ result, settled }));
    if (!this.scheduled && this.flushing === undefined) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
    return settledWrite;
  }

  /** Saves everything queued; resolves when it is written (or its failure logged). */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.write(batch);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
    if (this.queue.length > 0) await this.flush();
  }

  private async write(batch: readonly Queued[]): Promise<void> {
    try {
      await this.provider.completeActivityWorkItems(
        batch.map((queued) => queued.result),
        this.clock.now(),
      );
    } catch (error) {
      workerLogs.completionFlushFailed(this.log, { count: batch.length, error });
    } finally {
      for (const queued of batch) queued.settled();
    }
  }
}
