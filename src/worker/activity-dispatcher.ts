import type { Clock } from '../model/clock';
import { FunctionNotFoundError } from '../model/errors/function-not-found-error';
import { ActivityTimeoutError } from '../model/errors/activity-timeout-error';
import { PoisonWorkItemError } from '../model/errors/poison-work-item-error';
import { toFailureDetails } from '../model/failure-details';
import { decodeJson } from '../model/json-codec';
import { encodeLimitedJson } from '../model/payload-limits';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import type { ActivityResult, ActivityWorkItem } from '../storage/storage-records';
import { ActivityResultBatcher } from './activity-result-batcher';
import { DispatchLoop } from './dispatch-loop';
import { effectiveActivityTimeout } from './activity-time-limit';
import { runWithDeadline } from './run-with-deadline';
import type { StorageHealth } from './storage-health';
import type { FunctionCode } from './function-code';
import type { WorkerSettings } from './worker-settings';
import { Tracker } from './tracking';
import { workerLogs } from './worker-logs';
import { newHistoryEvent } from '../model/history-event-factory';
import type { DurableMetrics } from '../telemetry/durable-metrics';
import type { LocalActivities } from './local-activities';
import type { LocalResultGatherer } from './local-result-gatherer';

/**
 * Claims activity work items up to the concurrency limit, runs them and group-commits their
 * results. Episodes of this worker may also hand it activities they leased to it (see
 * LocalActivities), and their results may go straight into their instances' next episodes.
 */
export class ActivityDispatcher implements LocalActivities {
  readonly loop: DispatchLoop;
  private readonly batcher: ActivityResultBatcher;
  private readonly running = new Map<number, Promise<void>>();
  /** Finished items whose results wait to be saved (until the promise settles): their leases must hold until then. */
  private readonly saving = new Map<number, Promise<void>>();
  private readonly tracker: Tracker;
  /** Slots (and backlog places) promised to episode commits in progress, for the activities they lease to this worker. */
  private reserved = 0;
  /**
   * Activities episodes leased to this worker beyond its free slots (at most localActivityBacklog),
   * in the order leased: each starts as a slot frees; their leases are renewed meanwhile.
   */
  private readonly waiting: ActivityWorkItem[] = [];
  private localResults: LocalResultGatherer | undefined;
  private draining = false;

  constructor(
    private readonly provider: StorageProvider,
    private readonly resolver: FunctionCode,
    private readonly settings: WorkerSettings,
    private readonly clock: Clock,
    private readonly log: Logger,
    health: StorageHealth,
    private readonly metrics: DurableMetrics,
  ) {
    this.tracker = new Tracker(settings.tracking);
    this.batcher = new ActivityResultBatcher(provider, clock, log, (lost) => metrics.leaseLost('activity', lost));
    this.loop = new DispatchLoop(
      'activity',
      provider,
      clock,
      log,
      health,
      settings.maxPollingIntervalMs,
      () => this.freeSlots,
      (max) => this.step(max),
    );
  }

  /** Sends results to their instances' next episodes first, when the gatherer takes them. */
  sendResultsTo(gatherer: LocalResultGatherer): void {
    this.localResults = gatherer;
  }

  reserve(wanted: number): number {
    // A draining worker takes no new activities: episodes that commit meanwhile queue theirs.
    if (this.draining) return 0;
    const room = this.settings.maxConcurrentActivities + this.settings.localActivityBacklog - this.running.size - this.waiting.length - this.reserved;
    const granted = Math.max(0, Math.min(wanted, room));
    this.reserved += granted;
    return granted;
  }

  run(items: readonly ActivityWorkItem[], reserved: number): void {
    this.reserved -= reserved;
    for (const item of items) {
      if (this.running.size < this.settings.maxConcurrentActivities && this.waiting.length === 0) this.start(item);
      else this.waiting.push(item);
    }
    // Slots reserved and not used are free again.
    if (items.length < reserved && this.freeSlots > 0) this.loop.signal.notify();
  }

  /** Slots for claims from the queue: none while leased activities wait here. */
  private get freeSlots(): number {
    return this.settings.maxConcurrentActivities - this.running.size - this.waiting.length - this.reserved;
  }

  /** Items this worker holds: running, waiting for a slot, or finished with their results not yet saved. */
  get leasedWorkItemIds(): number[] {
    return [...this.running.keys(), ...this.waiting.map((item) => item.workItemId), ...this.saving.keys()];
  }

  /** Waits up to `timeoutMs` for running activities, saves their results, and releases the rest. */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    // Leased activities that have not started go back to the queue first, for any worker to take now.
    const retryAtOnce = this.clock.now();
    for (const item of this.waiting.splice(0)) await this.provider.abandonActivityWorkItem(this.settings.owner, item.workItemId, retryAtOnce);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(this.running.values()), timeout]);
    clearTimeout(timer);
    // Results on their way to their instances' next episodes end up saved or queued; then the queue is flushed.
    await Promise.all(this.saving.values());
    await this.batcher.flush();
    const retryAt = this.clock.now();
    for (const id of this.running.keys()) {
      await this.provider.abandonActivityWorkItem(this.settings.owner, id, retryAt);
    }
  }

  private async step(maxItems: number): Promise<number> {
    const items = await this.provider.claimActivityWorkItems({
      owner: this.settings.owner,
      now: this.clock.now(),
      leaseMs: this.settings.leaseMs,
      maxItems,
    });
    for (const item of items) this.start(item);
    return items.length;
  }

  private start(item: ActivityWorkItem): void {
    const run = this.execute(item).then(async (result) => {
      // A loop that was full may have let a wake-up for new work pass: a freed slot wakes it.
      // A loop with free slots was woken by that work already, so it is not woken for nothing.
      const wasFull = this.freeSlots <= 0;
      this.running.delete(item.workItemId);
      // The freed slot goes to the next activity waiting here, if any (none while draining).
      const next = this.draining ? undefined : this.waiting.shift();
      if (next !== undefined) this.start(next);
      const saved = this.save(result, item.executionId);
      this.saving.set(item.workItemId, saved);
      if (wasFull && this.freeSlots > 0) this.loop.signal.notify();
      await saved;
      this.saving.delete(item.workItemId);
    });
    this.running.set(item.workItemId, run);
  }

  /** Saves a result with its instance's next episode when this worker can run it now, else through the queue. */
  private async save(result: ActivityResult, executionId: string): Promise<void> {
    if (this.localResults !== undefined && (await this.localResults.offer({ result, executionId }))) return;
    await this.batcher.add(result);
  }

  private async execute(item: ActivityWorkItem): Promise<ActivityResult> {
    const base = { workItemId: item.workItemId, instanceId: item.instanceId };
    const timestamp = (): string => new Date(this.clock.now()).toISOString();
    const startedAt = this.clock.now();
    const ran = (outcome: 'completed' | 'failed'): void => this.metrics.activityRan(item.name, outcome, (this.clock.now() - startedAt) / 1000);
    try {
      if (item.dequeueCount > this.settings.maxDequeueCount) {
        workerLogs.poisonWorkItem(this.log, { kind: 'activity', instanceId: item.instanceId, name: item.name, dequeueCount: item.dequeueCount });
        this.metrics.poisonItem('activity');
        throw new PoisonWorkItemError('activity', item.name, item.instanceId, item.dequeueCount);
      }
      const activity = this.resolver.activity(item.name);
      if (activity === undefined) throw new FunctionNotFoundError('activity', item.name, this.resolver.names('activity'));
      const input = decodeJson(item.input);
      const startedAt = this.clock.now();
      this.tracker.activityStarted({ instanceId: item.instanceId, name: item.name, taskId: item.taskId, dequeueCount: item.dequeueCount, input: item.input });
      const limit = effectiveActivityTimeout(item.timeoutMs, this.settings.activityTimeoutMs);
      const output = await runWithDeadline(
        limit?.timeoutMs ?? null,
        (signal) => activity(input, { instanceId: item.instanceId, activityName: item.name, signal }),
        () => {
          const { timeoutMs, source } = limit ?? { timeoutMs: 0, source: 'functionTimeout' };
          workerLogs.activityTimedOut(this.log, { instanceId: item.instanceId, name: item.name, taskId: item.taskId, timeoutMs });
          return new ActivityTimeoutError(item.name, item.instanceId, timeoutMs, source);
        },
      );
      // Too large a result fails the activity (a TaskFailedError in the orchestration) instead of its commit.
      const result = encodeLimitedJson(output, `Result of activity '${item.name}'`, this.settings.maxPayloadBytes);
      ran('completed');
      this.tracker.activityCompleted({ instanceId: item.instanceId, name: item.name, taskId: item.taskId, durationMs: this.clock.now() - startedAt, output: result });
      return {
        ...base,
        event: newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: item.taskId, ...(result !== undefined ? { result } : {}) }, timestamp()),
      };
    } catch (error) {
      const failureDetails = toFailureDetails(error);
      ran('failed');
      workerLogs.activityFailed(this.log, {
        instanceId: item.instanceId,
        name: item.name,
        taskId: item.taskId,
        error,
      });
      return { ...base, event: newHistoryEvent({ type: 'TaskFailed', taskScheduledId: item.taskId, failureDetails }, timestamp()) };
    }
  }
}
