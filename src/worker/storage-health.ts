import type { Clock } from '../model/clock';
import { isStorageReadOnlyError } from '../model/errors/storage-read-only';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import { workerLogs } from './worker-logs';

/** Whether the host can write to its storage, as the worker last found out. */
export type StorageHealthState =
  | { readonly writable: true }
  | { readonly writable: false; readonly since: Date; readonly reason: string };

/** An instance id no instance can have ('/' is refused in ids): the probe's write touches no row. */
const PROBE_INSTANCE_ID = 'durable-ts/write-probe';

/**
 * The worker's view of whether storage takes writes. The first read-only error logs one
 * `storage.writes.refused` error and turns the host unhealthy; the dispatch loops then stop claiming
 * and only probe (one no-op write, shared by all loops) until a write succeeds, which logs
 * `storage.writes.restored` and lets them claim again.
 */
export class StorageHealth {
  private current: StorageHealthState = { writable: true };
  private probing: Promise<boolean> | undefined;

  constructor(
    private readonly provider: StorageProvider,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  get state(): StorageHealthState {
    return this.current;
  }

  /** Records a failed storage call; true when it was a read-only error (the caller should wait, not retry). */
  noteFailure(error: unknown): boolean {
    if (!isStorageReadOnlyError(error)) return false;
    if (this.current.writable) {
      const reason = error instanceof Error ? error.message : String(error);
      this.current = { writable: false, since: new Date(this.clock.now()), reason };
      workerLogs.storageReadOnly(this.log, { reason, error });
    }
    return true;
  }

  /** Tries one write that changes nothing; true (and healthy again) when storage took it. */
  probe(): Promise<boolean> {
    this.probing ??= this.tryWrite().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async tryWrite(): Promise<boolean> {
    try {
      await this.provider.renewOrchestrationLeases(this.owner, [PROBE_INSTANCE_ID], this.clock.now(), 0);
    } catch (error) {
      if (!this.noteFailure(error)) workerLogs.dispatcherError(this.log, { kind: 'storage-probe', error });
      return false;
    }
    if (!this.current.writable) {
      workerLogs.storageWritable(this.log, { readOnlyForMs: this.clock.now() - this.current.since.getTime() });
      this.current = { writable: true };
    }
    return true;
  }
}
