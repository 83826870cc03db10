import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../model/clock';
import { isDurableErrorWithCode } from '../model/errors/durable-error';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import type { ActivityResult } from '../storage/storage-records';
import { workerLogs } from './worker-logs';

/**
 * Waits before saving a batch again when the storage was unavailable (the provider has already
 * retried briefly). The activities keep their leases meanwhile: they are renewed until saved.
 */
const UNAVAILABLE_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000];

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
    /** Told how many results of a batch were refused because their work item was gone (lease lost, taken over). */
    private readonly onRefused: (count: number) => void = () => undefined,
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

  /**
   * Saves a batch; while the storage is unavailable, tries again after a wait instead of dropping
   * the results (a dropped result means running the activity again once its lease expires). Any
   * other failure, or one that outlasts the waits, is logged and the lease expiry takes over.
   */
  private async write(batch: readonly Queued[]): Promise<void> {
    const results = batch.map((queued) => queued.result);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const accepted = await this.provider.completeActivityWorkItems(results, this.clock.now());
          this.onRefused(results.length - accepted);
          return;
        } catch (error) {
          const delay = UNAVAILABLE_RETRY_DELAYS_MS[attempt];
          if (!isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE') || delay === undefined) {
            workerLogs.completionFlushFailed(this.log, { count: batch.length, error });
            return;
          }
          workerLogs.completionFlushRetried(this.log, { count: batch.length, delayMs: delay, error });
          await sleep(delay);
        }
      }
    } finally {
      for (const queued of batch) queued.settled();
    }
  }
}
