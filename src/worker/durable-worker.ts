import type { Clock } from '../model/clock';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import { ActivityDispatcher } from './activity-dispatcher';
import { OrchestrationDispatcher } from './orchestration-dispatcher';
import type { FunctionCode } from './function-code';
import type { WorkerSettings } from './worker-settings';

/**
 * One worker: an orchestration dispatcher and an activity dispatcher sharing a storage provider,
 * woken by in-process storage changes, renewing the leases of work in progress.
 */
export class DurableWorker {
  readonly orchestrations: OrchestrationDispatcher;
  readonly activities: ActivityDispatcher;
  private unsubscribe: (() => void) | undefined;
  private unsubscribeClock: (() => void) | undefined;
  private housekeeping: NodeJS.Timeout | undefined;
  private renewing = false;

  constructor(
    private readonly provider: StorageProvider,
    resolver: FunctionCode,
    private readonly settings: WorkerSettings,
    private readonly clock: Clock,
    log: Logger,
  ) {
    this.orchestrations = new OrchestrationDispatcher(provider, resolver, settings, clock, log);
    this.activities = new ActivityDispatcher(provider, resolver, settings, clock, log);
  }

  start(): void {
    this.unsubscribe = this.provider.onChange((change) => {
      if (change.kind !== 'work') return;
      const { signal } = (change.work === 'orchestration' ? this.orchestrations : this.activities).loop;
      if (change.remote === true) signal.hint();
      else signal.notify();
    });
    this.unsubscribeClock = this.clock.onAdvance?.(() => {
      this.orchestrations.loop.signal.notify();
      this.activities.loop.signal.notify();
    });
    this.orchestrations.loop.start();
    this.activities.loop.start();
    const every = Math.max(50, Math.floor(this.settings.leaseMs / 3));
    this.housekeeping = setInterval(() => void this.renewLeases(), every);
    this.housekeeping.unref();
  }

  /** Stops claiming, finishes (or, after the drain timeout, releases) work in progress. */
  async stop(): Promise<void> {
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.housekeeping = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.unsubscribeClock?.();
    this.unsubscribeClock = undefined;
    await Promise.all([this.orchestrations.loop.stop(), this.activities.loop.stop()]);
    await this.activities.drain(this.settings.drainTimeoutMs);
  }

  private async renewLeases(): Promise<void> {
    // A slow renewal is not overlapped by the next tick's: one at a time is enough, and two
    // would only contend for the same rows.
    if (this.renewing) return;
    this.renewing = true;
    const now = this.clock.now();
    try {
      const activityIds = this.activities.leasedWorkItemIds;
      if (activityIds.length > 0) await this.provider.renewActivityLeases(this.settings.owner, activityIds, now, this.settings.leaseMs);
      const instanceIds = this.orchestrations.runningInstanceIds;
      if (instanceIds.length > 0) await this.provider.renewOrchestrationLeases(this.settings.owner, instanceIds, now, this.settings.leaseMs);
      this.orchestrations.evictIdle();
    } catch {
      // A failed renewal is retried on the next tick; a lost lease is caught by fencing at commit.
    } finally {
      this.renewing = false;
    }
  }
}
