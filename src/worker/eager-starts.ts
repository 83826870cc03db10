import type { EagerStarter } from '../storage/eager-starter';
import type { Logger } from '../model/logger';
import type { CreatedInstance, NewInstance, OrchestrationWorkItem, StartLease } from '../storage/storage-records';
import type { OrchestrationDispatcher } from './orchestration-dispatcher';
import { workerLogs } from './worker-logs';

/**
 * Eager starts for the client of this worker's process: a start reserves a slot here, the
 * provider creates the instance leased to this worker, and its first episode runs at once from the
 * start's own data, with no claim. Starts created in the same turn of the event loop run as one
 * batch (one commit). If this worker dies first, the lease runs out and any worker claims the
 * instance, as it would a crashed episode.
 */
export class EagerStarts implements EagerStarter {
  private accepting = false;
  private queue: OrchestrationWorkItem[] = [];
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();
  /** Reserved slots whose start has not answered yet. */
  private reserved = 0;
  private onSettled: (() => void) | undefined;

  constructor(
    private readonly dispatcher: OrchestrationDispatcher,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.accepting = true;
  }

  /** Takes no more starts, and waits for the starts it reserved to answer and for their episodes. */
  async stop(): Promise<void> {
    this.accepting = false;
    while (this.reserved > 0 || this.scheduled || this.running.size > 0) {
      if (this.reserved > 0) await new Promise<void>((resolve) => (this.onSettled = resolve));
      if (this.scheduled) this.flush();
      await Promise.all(this.running);
    }
  }

  reserve(instanceId: string, name: string): StartLease | undefined {
    const lease = this.accepting ? this.dispatcher.reserveStart(instanceId, name) : undefined;
    if (lease !== undefined) this.reserved++;
    return lease;
  }

  started(instance: NewInstance, created: CreatedInstance | undefined): void {
    this.reserved--;
    if (this.reserved === 0) {
      this.onSettled?.();
      this.onSettled = undefined;
    }
    const messageId = created?.leasedStartMessageId;
    if (messageId === undefined || instance.lease === undefined) {
      this.dispatcher.releaseStart(instance.instanceId);
      return;
    }
    this.queue.push(startWorkItem(instance, messageId, instance.lease));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const run = this.dispatcher
      .runStarted(batch)
      // Not committed: the instances stay leased to this worker until their leases run out, then any worker claims them.
      .catch((error: unknown) => workerLogs.eagerStartsFailed(this.log, { count: batch.length, error }))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }
}

/** The work item a claim would have returned for the new instance: Pending, no history, its ExecutionStarted dequeued once. */
function startWorkItem(instance: NewInstance, messageId: number, lease: StartLease): OrchestrationWorkItem {
  const createdAt = new Date(instance.createdAt);
  return {
    instance: {
      instanceId: instance.instanceId,
      executionId: instance.executionId,
      name: instance.name,
      ...(instance.version !== undefined ? { version: instance.version } : {}),
      runtimeStatus: 'Pending',
      ...(instance.input !== undefined ? { input: instance.input } : {}),
      createdAt,
      lastUpdatedAt: createdAt,
      historyLength: 0,
    },
    messages: [{ messageId, instanceId: instance.instanceId, event: instance.startEvent, visibleAt: instance.visibleAt ?? instance.createdAt, dequeueCount: 1 }],
    leaseExpiresAt: lease.expiresAt,
  };
}
