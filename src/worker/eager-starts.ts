import type { EagerStarter, LeasedNewInstance } from '../storage/eager-starter';
import type { Logger } from '../model/logger';
import type { CreatedInstance, NewInstance, OrchestrationWorkItem, StartLease } from '../storage/storage-records';
import type { OrchestrationDispatcher } from './orchestration-dispatcher';
import { workerLogs } from './worker-logs';

/** What eager starts need of the orchestration dispatcher. */
export type StartRunner = Pick<OrchestrationDispatcher, 'reserveStart' | 'releaseStart' | 'runStarted' | 'storesFirstEpisodes' | 'runFirstEpisodes'>;

/** A start waiting for the next batch of first episodes. */
interface QueuedStart {
  readonly instance: LeasedNewInstance;
  readonly create: (instance: NewInstance) => Promise<CreatedInstance>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Eager starts for the client of this worker's process: a start reserves a slot here, and its
 * first episode runs at once from the start's own data, with no claim. Starts that arrive in the
 * same turn of the event loop run as one batch.
 *
 * Where the provider stores a start together with its first episode (createInstancesWithFirstEpisodes),
 * the episode runs before anything is stored and one transaction stores both: a start costs one
 * commit, and the client's start answers once its first episode is stored. Otherwise the client
 * creates the instance leased to this worker, and the episode is committed after it. Either way,
 * if this worker dies first, the lease runs out and any worker claims the instance, as it would a
 * crashed episode.
 */
export class EagerStarts implements EagerStarter {
  private accepting = false;
  /** Starts created leased (the provider stores no first episodes with them), waiting for their episodes. */
  private created: OrchestrationWorkItem[] = [];
  /** Starts waiting to be stored with their first episodes. */
  private withEpisodes: QueuedStart[] = [];
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();
  /** Reserved slots whose start has not answered yet. */
  private reserved = 0;
  private onSettled: (() => void) | undefined;

  constructor(
    private readonly dispatcher: StartRunner,
    private readonly log: Logger,
  ) {}

  open(): void {
    this.accepting = true;
  }

  /** Takes no more starts, and waits for the starts it reserved to answer and for their episodes. */
  async stop(): Promise<void> {
    this.accepting = false;
    while (this.reserved > 0 || this.scheduled || this.running.size > 0) {
      if (this.scheduled) this.flush();
      else if (this.reserved > 0 && this.running.size === 0) await new Promise<void>((resolve) => (this.onSettled = resolve));
      await Promise.all(this.running);
    }
  }

  reserve(instanceId: string, name: string): StartLease | undefined {
    const lease = this.accepting ? this.dispatcher.reserveStart(instanceId, name) : undefined;
    if (lease !== undefined) this.reserved++;
    return lease;
  }

  async start(instance: LeasedNewInstance, create: (instance: NewInstance) => Promise<CreatedInstance>): Promise<void> {
    if (this.dispatcher.storesFirstEpisodes) {
      await new Promise<void>((resolve, reject) => {
        this.withEpisodes.push({ instance, create, resolve, reject });
        this.schedule();
      }).finally(() => this.settled());
      return;
    }
    let created: CreatedInstance | undefined;
    try {
      created = await create(instance);
    } finally {
      this.settled();
      const messageId = created?.leasedStartMessageId;
      if (messageId === undefined) this.dispatcher.releaseStart(instance.instanceId);
      else {
        this.created.push(startWorkItem(instance, messageId));
        this.schedule();
      }
    }
  }

  private settled(): void {
    this.reserved--;
    if (this.reserved === 0) {
      this.onSettled?.();
      this.onSettled = undefined;
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    const created = this.created;
    const withEpisodes = this.withEpisodes;
    this.created = [];
    this.withEpisodes = [];
    // Not committed: the instances stay leased to this worker until their leases run out, then any worker claims them.
    if (created.length > 0) this.track(this.dispatcher.runStarted(created), created.length);
    if (withEpisodes.length > 0) this.track(this.storeWithEpisodes(withEpisodes), withEpisodes.length);
  }

  private track(run: Promise<void>, count: number): void {
    const tracked = run.catch((error: unknown) => workerLogs.eagerStartsFailed(this.log, { count, error })).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /**
   * Runs the first episodes and stores them with their instances; a start whose episode could
   * not run (it crashed, already logged) is stored the usual way, unleased, for a claim to retry,
   * and so is one whose id the provider found taken (createInstance then replaces or refuses it).
   */
  private async storeWithEpisodes(starts: readonly QueuedStart[]): Promise<void> {
    let outcomes;
    try {
      outcomes = await this.dispatcher.runFirstEpisodes(starts.map((start) => ({ instance: start.instance, item: startWorkItem(start.instance, 0) })));
    } catch (error) {
      for (const start of starts) start.reject(error);
      return;
    }
    await Promise.all(
      starts.map(async (start, index) => {
        const outcome = outcomes[index];
        if (outcome === undefined || (outcome.ok && (outcome.value === 'not-run' || outcome.value === 'taken'))) {
          const { lease: _lease, ...unleased } = start.instance;
          await start.create(unleased).then(() => start.resolve(), start.reject);
        } else if (outcome.ok) start.resolve();
        else start.reject(outcome.error);
      }),
    );
  }
}

/** The work item a claim would have returned for the new instance: Pending, no history, its ExecutionStarted dequeued once. */
function startWorkItem(instance: LeasedNewInstance, messageId: number): OrchestrationWorkItem {
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
    leaseExpiresAt: instance.lease.expiresAt,
  };
}
