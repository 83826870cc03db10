import type { Clock } from '../model/clock';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import { ActivityDispatcher } from './activity-dispatcher';
import { OrchestrationDispatcher } from './orchestration-dispatcher';
import { StorageHealth } from './storage-health';
import type { FunctionCode } from './function-code';
import type { WorkerSettings } from './worker-settings';
import { workerLogs } from './worker-logs';
import { DurableMetrics } from '../telemetry/durable-metrics';
import { OrchestrationTelemetry } from './orchestration-telemetry';
import { LocalResultGatherer } from './local-result-gatherer';
import { EagerStarts } from './eager-starts';

/**
 * One worker: an orchestration dispatcher and an activity dispatcher sharing a storage provider,
 * woken by in-process storage changes, renewing the leases of work in progress.
 */
export class DurableWorker {
  readonly orchestrations: OrchestrationDispatcher;
  readonly activities: ActivityDispatcher;
  /** Takes eager starts from the client of this process while the worker runs (absent when eagerStart is off). */
  readonly eagerStarts: EagerStarts | undefined;
  /** Whether storage takes writes; the loops stop claiming while it does not. */
  readonly health: StorageHealth;
  private unsubscribe: (() => void) | undefined;
  private unsubscribeClock: (() => void) | undefined;
  private housekeeping: NodeJS.Timeout | undefined;
  private renewing = false;
  private registration: Promise<void> | undefined;
  private registered = false;
  private readonly log: Logger;
  private readonly metrics = new DurableMetrics();
  private stopObservingQueues: (() => void) | undefined;

  constructor(
    private readonly provider: StorageProvider,
    resolver: FunctionCode,
    private readonly settings: WorkerSettings,
    private readonly clock: Clock,
    log: Logger,
  ) {
    this.log = log;
    this.health = new StorageHealth(provider, settings.owner, clock, log);
    this.orchestrations = new OrchestrationDispatcher(provider, resolver, settings, clock, log, this.health, new OrchestrationTelemetry(this.metrics));
    this.activities = new ActivityDispatcher(provider, resolver, settings, clock, log, this.health, this.metrics);
    if (settings.localActivityDispatch) {
      this.orchestrations.runActivitiesWith(this.activities);
      this.activities.sendResultsTo(new LocalResultGatherer(this.orchestrations));
    }
    this.eagerStarts = settings.eagerStart ? new EagerStarts(this.orchestrations, log) : undefined;
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
    // Announce this worker (with a proof of life) and take over at once the leases of workers
    // proven gone, e.g. this host's previous process, killed: their work need not wait out its
    // leases. The loops start meanwhile; freed work wakes them like any other change.
    this.registration = this.register();
    this.orchestrations.loop.start();
    this.activities.loop.start();
    this.eagerStarts?.open();
    this.stopObservingQueues = this.metrics.observeQueues(() => this.provider.pendingWork(this.clock.now()), () => this.clock.now());
    const every = this.renewalIntervalMs;
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
    this.stopObservingQueues?.();
    this.stopObservingQueues = undefined;
    await Promise.all([this.orchestrations.loop.stop(), this.activities.loop.stop(), this.eagerStarts?.stop()]);
    this.orchestrations.clearCache();
    await this.activities.drain(this.settings.drainTimeoutMs);
    await this.registration;
    this.registration = undefined;
    // Best effort: a worker that stays listed is forgotten by the next one that finds it gone.
    await this.provider.unregisterWorker(this.settings.owner).catch((error: unknown) => {
      workerLogs.unregistrationFailed(this.log, { owner: this.settings.owner, error });
    });
  }

  /**
   * Registers this worker; on failure (e.g. storage that turned read-only) the housekeeping tick
   * tries again, and until then this worker's own leases simply run their course if it dies.
   */
  private async register(): Promise<void> {
    try {
      const gone = await this.provider.registerWorker(this.settings.owner, this.clock.now());
      this.registered = true;
      if (gone > 0) workerLogs.goneWorkersReclaimed(this.log, { owner: this.settings.owner, gone });
    } catch (error) {
      if (!this.health.noteFailure(error)) workerLogs.registrationFailed(this.log, { owner: this.settings.owner, error });
    }
  }

  /** A third of the lease: two renewals may fail before a lease runs out. */
  private get renewalIntervalMs(): number {
    return Math.max(50, Math.floor(this.settings.leaseMs / 3));
  }

  private async renewLeases(): Promise<void> {
    // A slow renewal is not overlapped by the next tick's: one at a time is enough, and two
    // would only contend for the same rows.
    if (this.renewing) return;
    this.renewing = true;
    const now = this.clock.now();
    const activityIds = this.activities.leasedWorkItemIds;
    const instanceIds = this.orchestrations.runningInstanceIds;
    try {
      if (!this.registered && this.health.state.writable) await this.register();
      if (activityIds.length > 0) await this.provider.renewActivityLeases(this.settings.owner, activityIds, now, this.settings.leaseMs);
      if (instanceIds.length > 0) await this.provider.renewOrchestrationLeases(this.settings.owner, instanceIds, now, this.settings.leaseMs);
      this.orchestrations.evictIdle();
      // Peers sharing the storage may have died since: free their work without waiting out leases.
      const gone = await this.provider.reclaimFromGoneWorkers(this.settings.owner);
      if (gone > 0) workerLogs.goneWorkersReclaimed(this.log, { owner: this.settings.owner, gone });
    } catch (error) {
      // Retried on the next tick; a lease that runs out meanwhile is caught by fencing at commit.
      if (!this.health.noteFailure(error)) {
        workerLogs.leaseRenewalFailed(this.log, {
          owner: this.settings.owner,
          activities: activityIds.length,
          orchestrations: instanceIds.length,
          retryInMs: this.renewalIntervalMs,
          error,
        });
      }
    } finally {
      this.renewing = false;
    }
  }
}
