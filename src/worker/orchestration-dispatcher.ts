import type { Clock } from '../model/clock';
import { FunctionNotFoundError } from '../model/errors/function-not-found-error';
import { PoisonWorkItemError } from '../model/errors/poison-work-item-error';
import { toFailureDetails } from '../model/failure-details';
import type { HistoryEvent } from '../model/history-event';
import { newHistoryEvent } from '../model/history-event-factory';
import type { Logger } from '../model/logger';
import { isTerminalStatus } from '../model/runtime-status';
import { OrchestrationExecutor } from '../orchestration/orchestration-executor';
import type { StorageProvider } from '../storage/storage-provider';
import type { ActivityResult, EpisodeBatchOutcome, EpisodeCommit, EpisodeCommitOutcome, FirstEpisodeOutcome, InstanceRecord, OrchestrationWorkItem, StartLease } from '../storage/storage-records';
import { isEntityInstanceId } from '../model/entity-id';
import { DispatchLoop } from './dispatch-loop';
import type { StorageHealth } from './storage-health';
import { prepareEntityEpisode } from './entity-episode';
import { buildDiscardCommit, buildEpisodeCommit, buildFailureCommit } from './episode-commit-builder';
import { InstanceCache, type InstanceCacheStats } from './instance-cache';
import { ReplayVerifier } from './replay-verifier';
import { findParentInstance } from './parent-link';
import type { FunctionCode } from './function-code';
import type { WorkerSettings } from './worker-settings';
import { Tracker } from './tracking';
import { workerLogs } from './worker-logs';
import { InstanceTrace } from './instance-trace';
import type { OrchestrationTelemetry } from './orchestration-telemetry';
import { leaseLocalActivities, type LocalActivities } from './local-activities';
import type { LeasedNewInstance } from '../storage/eager-starter';
import type { Settled } from '../storage/write-coalescer';

const MAX_BATCH = 64;
const RETRY_AFTER_CRASH_MS = 1_000;

interface PreparedEpisode {
  readonly item: OrchestrationWorkItem;
  readonly commit: EpisodeCommit;
  /** The live executor to cache after a successful commit, if the instance goes on. */
  readonly executor?: OrchestrationExecutor;
  readonly fromCache: boolean;
  /** The instance's trace state, folded forward when the commit succeeds (absent for entities and early failures). */
  readonly trace?: InstanceTrace;
  /** This episode opened the instance span: dropped if the commit is refused. */
  readonly openedSpan?: boolean;
  /** Epoch ms the episode began (claim time), for the episode duration. */
  readonly startedAt: number;
  /** History replayed from storage for this episode, kept only when replayed history is traced. */
  readonly replayed?: readonly HistoryEvent[];
  /** A first episode stored with its start: not storing it means the start was refused or queued, not a lost lease. */
  readonly firstEpisode?: boolean;
}

/** Writes a batch of prepared episodes' commits in one transaction. */
type EpisodeBatchWriter = (commits: readonly EpisodeCommit[]) => Promise<EpisodeBatchOutcome>;

/** A first episode's outcome as runFirstEpisodes reports it: stored (or not) with its start, or not run at all (its code crashed). */
export type FirstEpisodeRun = Settled<FirstEpisodeOutcome | 'not-run'>;

/** An activity result this worker's activity dispatcher offers straight to the instance's next episode. */
export interface LocalResult {
  readonly result: ActivityResult;
  /** The execution the activity was scheduled by. */
  readonly executionId: string;
}

/**
 * Claims instances with new messages, runs one episode for each (from the instance cache when it
 * can, else by replaying stored history) and commits the whole batch in one transaction.
 */
export class OrchestrationDispatcher {
  readonly loop: DispatchLoop;
  private readonly cache: InstanceCache;
  private readonly verifier: ReplayVerifier;
  private readonly inFlight = new Set<string>();
  /** Instances whose in-flight episode is one runWithResults started (no claim, no lease). */
  private readonly localInFlight = new Set<string>();
  private readonly tracker: Tracker;
  /** Where the activities this worker runs itself go (set by the worker; none: all are queued). */
  private activities: LocalActivities | undefined;

  constructor(
    private readonly provider: StorageProvider,
    private readonly resolver: FunctionCode,
    private readonly settings: WorkerSettings,
    private readonly clock: Clock,
    private readonly log: Logger,
    health: StorageHealth,
    private readonly telemetry: OrchestrationTelemetry,
  ) {
    this.tracker = new Tracker(settings.tracking);
    this.verifier = new ReplayVerifier(settings.replayVerification, settings.replayVerificationSampleRate, Math.random, settings.maxPayloadBytes);
    this.cache = new InstanceCache(settings.extendedSessionsEnabled ? settings.maxCachedInstances : 0, settings.cacheIdleTimeoutMs);
    this.loop = new DispatchLoop(
      'orchestration',
      provider,
      clock,
      log,
      health,
      settings.maxPollingIntervalMs,
      () => this.settings.maxConcurrentOrchestrations - this.inFlight.size,
      (max) => this.step(max),
      MAX_BATCH,
    );
  }

  /** Instance ids whose episode is running now (their leases are renewed while it runs). */
  get runningInstanceIds(): string[] {
    return [...this.inFlight];
  }

  /** Lets episodes lease their new activities to this worker's activity dispatcher instead of queueing them. */
  runActivitiesWith(activities: LocalActivities): void {
    this.activities = activities;
  }

  /**
   * Whether an activity result for this instance can go straight into its next episode here: its
   * executor is cached, no episode of it is running, and there is room for one more.
   */
  canTakeResult(instanceId: string, executionId: string): boolean {
    return (
      !this.inFlight.has(instanceId) &&
      this.inFlight.size < this.settings.maxConcurrentOrchestrations &&
      this.cache.has(instanceId, executionId)
    );
  }

  /**
   * Whether the episode running for this instance is one runWithResults started from cached state:
   * once it commits, the executor is cached again and can take a later result. (A claimed episode
   * holds a lease that would refuse an unclaimed commit.)
   */
  runsLocalEpisode(instanceId: string): boolean {
    return this.localInFlight.has(instanceId);
  }

  /**
   * Runs the next episode of each result's instance from its cached executor, with its results as
   * new events, and commits the results with the episodes (their work items are deleted in the
   * same transaction), so a result costs no inbox message, no claim and one commit. The instances
   * are not claimed: each commit goes ahead only if no one holds a live lease on its instance
   * (EpisodeCommit.leaseFreeAt), so an episode that a claim started meanwhile wins and this one
   * is refused. Returns the results it did not commit (instance busy here or leased, no longer
   * cached, episode refused): the caller queues those as usual.
   */
  async runWithResults(results: readonly LocalResult[]): Promise<LocalResult[]> {
    const groups = new Map<string, LocalResult[]>();
    const rest: LocalResult[] = [];
    for (const local of results) {
      const instanceId = local.result.instanceId;
      const group = groups.get(instanceId);
      if (group !== undefined && group[0]?.executionId === local.executionId) group.push(local);
      else if (group === undefined && this.canTakeResult(instanceId, local.executionId)) {
        groups.set(instanceId, [local]);
        this.inFlight.add(instanceId);
        this.localInFlight.add(instanceId);
      } else rest.push(local);
    }
    if (groups.size === 0) return rest;
    try {
      const prepared: PreparedEpisode[] = [];
      for (const [instanceId, group] of groups) {
        const instance = this.cache.instance(instanceId);
        const episode = instance !== undefined ? await this.prepare({ instance, messages: [], leaseExpiresAt: 0 }, group) : undefined;
        if (episode !== undefined) prepared.push(episode);
        else rest.push(...group);
      }
      const outcomes = prepared.length > 0 ? await this.commit(prepared) : [];
      prepared.forEach((episode, index) => {
        if (outcomes[index] !== 'committed') rest.push(...(groups.get(episode.item.instance.instanceId) ?? []));
      });
      return rest;
    } catch (error) {
      // Nothing of these results is known to be committed: queue them all (a result whose work
      // item an episode did delete is refused by the queue).
      workerLogs.localEpisodesFailed(this.log, { count: groups.size, error });
      return [...results];
    } finally {
      for (const instanceId of groups.keys()) {
        this.inFlight.delete(instanceId);
        this.localInFlight.delete(instanceId);
      }
    }
  }

  get cachedInstances(): number {
    return this.cache.size;
  }

  instanceCacheStats(): InstanceCacheStats {
    return this.cache.stats();
  }

  evictIdle(): void {
    this.cache.evictIdle(this.clock.now());
  }

  /**
   * Lets go of every cached executor: a stopped worker no longer holds leases, so what it cached
   * would only be replayed anyway, and a stopped host the app still references must not keep up
   * to maxCachedOrchestrations live orchestrations in memory.
   */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * Reserves a slot for the first episode of an instance the client in this process is about to
   * start (an eager start): the instance is then created leased to this worker (StartLease), and
   * runStarted runs its episode without a claim. Undefined when there is no room, the orchestrator
   * is not registered here, or an episode of that id is running; the start then goes the usual way.
   */
  reserveStart(instanceId: string, name: string): StartLease | undefined {
    if (this.inFlight.has(instanceId) || this.inFlight.size >= this.settings.maxConcurrentOrchestrations) return undefined;
    if (this.resolver.orchestrator(name) === undefined) return undefined;
    this.inFlight.add(instanceId);
    return { owner: this.settings.owner, expiresAt: this.clock.now() + this.settings.leaseMs };
  }

  /** Gives back a slot reserveStart took, for a start that was not created leased. */
  releaseStart(instanceId: string): void {
    this.inFlight.delete(instanceId);
  }

  /** Runs the first episodes of instances created leased to this worker (slots from reserveStart), in one commit. */
  async runStarted(items: readonly OrchestrationWorkItem[]): Promise<void> {
    await this.runLeased(items);
  }

  /** Whether the provider stores a start together with its first episode (runFirstEpisodes). */
  get storesFirstEpisodes(): boolean {
    return this.provider.createInstancesWithFirstEpisodes !== undefined;
  }

  /**
   * Runs the first episodes of instances not stored yet (slots from reserveStart; `item` is the
   * work item a claim would have given, with no stored message) and stores each instance with its
   * episode in one transaction. Frees the slots.
   */
  async runFirstEpisodes(starts: readonly { readonly instance: LeasedNewInstance; readonly item: OrchestrationWorkItem }[]): Promise<FirstEpisodeRun[]> {
    const write = this.provider.createInstancesWithFirstEpisodes?.bind(this.provider);
    try {
      const runs: FirstEpisodeRun[] = starts.map(() => ({ ok: true, value: 'not-run' }));
      if (write === undefined) return runs;
      const prepared = await Promise.all(starts.map((start) => this.prepare(start.item)));
      const ready: { readonly index: number; readonly instance: LeasedNewInstance; readonly episode: PreparedEpisode }[] = [];
      prepared.forEach((episode, index) => {
        const instance = starts[index]?.instance;
        // Its ExecutionStarted was never stored: the episode consumes no message.
        if (episode !== undefined && instance !== undefined) ready.push({ index, instance, episode: { ...episode, firstEpisode: true, commit: { ...episode.commit, consumedMessageIds: [] } } });
      });
      if (ready.length === 0) return runs;
      await this.commit(
        ready.map((r) => r.episode),
        async (commits) => {
          // commit() keeps the episodes' order: the i-th commit is ready[i]'s.
          const batch = await write(this.settings.owner, commits.map((commit, i) => ({ instance: ready[i]?.instance ?? unmatched(commit), commit })));
          batch.outcomes.forEach((outcome, i) => {
            const index = ready[i]?.index;
            if (index !== undefined) runs[index] = outcome;
          });
          return { outcomes: batch.outcomes.map((o) => (o.ok && o.value === 'committed' ? 'committed' : 'lease-lost')), leasedActivities: batch.leasedActivities };
        },
      );
      return runs;
    } finally {
      for (const start of starts) this.inFlight.delete(start.instance.instanceId);
    }
  }

  private async step(maxItems: number): Promise<number> {
    const items = await this.provider.claimOrchestrationWorkItems({
      owner: this.settings.owner,
      now: this.clock.now(),
      leaseMs: this.settings.leaseMs,
      maxItems: Math.min(maxItems, MAX_BATCH),
    });
    if (items.length === 0) return 0;
    for (const item of items) this.inFlight.add(item.instance.instanceId);
    await this.runLeased(items);
    return items.length;
  }

  /** Runs one episode for each item this worker holds the lease of, commits them together, and frees their slots. */
  private async runLeased(items: readonly OrchestrationWorkItem[]): Promise<void> {
    try {
      const prepared = (await Promise.all(items.map((item) => this.prepare(item)))).filter((p): p is PreparedEpisode => p !== undefined);
      if (prepared.length > 0) await this.commit(prepared);
    } finally {
      for (const item of items) this.inFlight.delete(item.instance.instanceId);
    }
  }

  /** Prepares an episode; results of activities this worker ran are appended after the inbox messages. */
  private async prepare(item: OrchestrationWorkItem, results: readonly LocalResult[] = []): Promise<PreparedEpisode | undefined> {
    const episode = await this.prepareEpisode(item, results.map((local) => local.result.event));
    if (episode === undefined || results.length === 0) return episode;
    const completedActivityIds = results.map((local) => local.result.workItemId);
    return { ...episode, commit: { ...episode.commit, completedActivityIds, leaseFreeAt: episode.startedAt } };
  }

  private async prepareEpisode(item: OrchestrationWorkItem, resultEvents: readonly HistoryEvent[]): Promise<PreparedEpisode | undefined> {
    const { instance } = item;
    const now = this.clock.now();
    const messageIds = item.messages.map((m) => m.messageId);
    const base = { item, fromCache: false, startedAt: now };
    let openedSpan = false;
    try {
      if (isEntityInstanceId(instance.instanceId)) {
        const { commit, poisoned } = await prepareEntityEpisode(item, this.resolver, this.settings, now, this.log);
        this.telemetry.metrics.poisonItem('entity', poisoned);
        return { ...base, commit };
      }
      if (isTerminalStatus(instance.runtimeStatus)) {
        return { ...base, commit: buildDiscardCommit(instance, item.messages, now) };
      }
      const messages = item.messages.map((m) => m.event).filter((e) => belongsTo(e, instance.executionId));
      const startEvent = messages.find((e) => e.type === 'ExecutionStarted');
      // The execution's first episode opens its instance span; history records the span's context.
      const traceContext = startEvent !== undefined ? this.telemetry.openInstanceSpan(startEvent) : undefined;
      openedSpan = traceContext !== undefined;
      const started: HistoryEvent = newHistoryEvent({ type: 'OrchestratorStarted', ...(traceContext !== undefined ? { traceContext } : {}) }, new Date(now).toISOString());
      const newEvents = [started, ...messages, ...resultEvents];
      const poison = item.messages.find((m) => m.dequeueCount > this.settings.maxDequeueCount);
      if (poison !== undefined) {
        workerLogs.poisonWorkItem(this.log, { kind: 'orchestration', instanceId: instance.instanceId, name: instance.name, dequeueCount: poison.dequeueCount });
        this.telemetry.metrics.poisonItem('orchestration');
        const error = new PoisonWorkItemError('orchestration', instance.name, instance.instanceId, poison.dequeueCount);
        return { ...base, openedSpan, commit: await this.failureCommit(item, newEvents, error, now) };
      }
      const orchestrator = this.resolver.orchestrator(instance.name);
      if (orchestrator === undefined) {
        const error = new FunctionNotFoundError('orchestrator', instance.name, this.resolver.names('orchestrator'));
        return { ...base, openedSpan, commit: await this.failureCommit(item, newEvents, error, now) };
      }
      const cached = this.cache.take(instance.instanceId, instance.executionId, instance.historyLength, now);
      const executor = cached?.executor ?? new OrchestrationExecutor({
          instanceId: instance.instanceId,
          orchestrator,
          logger: this.log,
          maxPayloadBytes: this.settings.maxPayloadBytes,
          ...(this.resolver.inputValidator !== undefined ? { inputValidator: this.resolver.inputValidator } : {}),
        });
      const past = cached !== undefined || instance.historyLength === 0 ? [] : await this.provider.getHistory(instance.instanceId);
      const trace = cached?.trace ?? InstanceTrace.fromHistory(past);
      const result = await executor.execute(past, newEvents);
      if (cached !== undefined && this.verifier.shouldVerify()) {
        const history = await this.provider.getHistory(instance.instanceId);
        const episode = {
          instanceId: instance.instanceId,
          orchestrator,
          past: history,
          newEvents,
          result,
          durableCalls: executor.durableCalls,
          ...(this.resolver.inputValidator !== undefined ? { inputValidator: this.resolver.inputValidator } : {}),
        };
        // A longer history means another worker took the instance over: this commit will be
        // refused (fencing), and the history no longer matches what this episode ran on.
        const mismatch = history.length === instance.historyLength ? await this.verifier.verify(episode) : undefined;
        if (mismatch !== undefined) {
          workerLogs.replayVerificationFailed(this.log, { instanceId: instance.instanceId, name: instance.name, step: mismatch.step, message: mismatch.message });
          return { ...base, trace, openedSpan, commit: await this.failureCommit(item, newEvents, mismatch, now), fromCache: true };
        }
      }
      const commit = this.telemetry.withTraceContexts(buildEpisodeCommit(instance, messageIds, result, now), {
        spanContext: trace.spanContext ?? traceContext,
        parentTraceContext: trace.parentTraceContext ?? startEvent?.parentTraceContext,
      });
      const replayed = this.tracker.tracesReplay && past.length > 0 ? { replayed: past } : {};
      return { ...base, trace, openedSpan, commit, fromCache: cached !== undefined, ...(executor.isFinished ? {} : { executor }), ...replayed };
    } catch (error) {
      if (openedSpan) this.telemetry.discardInstanceSpan(instance);
      workerLogs.episodeCrashed(this.log, { instanceId: instance.instanceId, error });
      // An episode run on this worker's own results holds no lease to release (a lease this worker
      // holds on the instance is another episode's, running now).
      if (resultEvents.length === 0) await this.provider.abandonOrchestrationWorkItem(this.settings.owner, instance.instanceId, now + RETRY_AFTER_CRASH_MS);
      return undefined;
    }
  }

  /** Fails the instance without running its code, telling its parent (if any) as well. */
  private async failureCommit(item: OrchestrationWorkItem, newEvents: readonly HistoryEvent[], error: Error, now: number): Promise<EpisodeCommit> {
    const { instance } = item;
    const parent = await findParentInstance(this.provider, instance, newEvents);
    const messageIds = item.messages.map((m) => m.messageId);
    return buildFailureCommit(instance, messageIds, newEvents, toFailureDetails(error), parent, now);
  }

  /** Commits the episodes in one transaction, leasing what new activities this worker has room to run. */
  private async commit(prepared: readonly PreparedEpisode[], write?: EpisodeBatchWriter): Promise<readonly EpisodeCommitOutcome[]> {
    const now = this.clock.now();
    const { commits, reserved } = leaseLocalActivities(prepared.map((p) => p.commit), this.activities, this.resolver, now, this.settings.leaseMs);
    let batch: EpisodeBatchOutcome;
    try {
      batch = await (write ?? ((all) => this.provider.commitOrchestrationEpisodeBatch(this.settings.owner, all)))(commits);
    } catch (error) {
      this.activities?.run([], reserved);
      throw error;
    }
    // The episodes are recorded (logs, tracking, cache) before the activities they leased start.
    try {
      this.recordCommitted(prepared, batch.outcomes, now);
    } finally {
      this.activities?.run(batch.leasedActivities, reserved);
    }
    return batch.outcomes;
  }

  private recordCommitted(prepared: readonly PreparedEpisode[], outcomes: readonly EpisodeCommitOutcome[], now: number): void {
    prepared.forEach((p, i) => {
      const { instance } = p.item;
      if (outcomes[i] !== 'committed') {
        if (p.openedSpan === true) this.telemetry.discardInstanceSpan(instance);
        // The start was refused (its id taken) or queued as a usual start: the caller answers for it.
        if (p.firstEpisode === true) return;
        // An episode run on this worker's own results without a claim was only refused: an episode
        // that a claim started meanwhile goes first, and the results take the queue. No lease was lost.
        if (p.commit.leaseFreeAt !== undefined) {
          workerLogs.localEpisodeRefused(this.log, { instanceId: instance.instanceId, results: p.commit.completedActivityIds?.length ?? 0 });
          return;
        }
        workerLogs.leaseLost(this.log, { instanceId: instance.instanceId, owner: this.settings.owner });
        this.telemetry.metrics.leaseLost('orchestration');
        return;
      }
      // Entity batches and the discard of messages for a finished instance are no orchestration episodes.
      if (!isEntityInstanceId(instance.instanceId) && p.commit.newHistory.length > 0) this.telemetry.committed(instance, p.commit, p.trace, now - p.startedAt);
      const status = p.commit.update.runtimeStatus;
      workerLogs.episodeCommitted(this.log, {
        instanceId: instance.instanceId,
        name: instance.name,
        status,
        newEvents: p.commit.newHistory.length,
        actions: p.commit.activities.length + p.commit.messages.length,
        fromCache: p.fromCache,
      });
      this.track(p);
      if (isTerminalStatus(status) && !isTerminalStatus(instance.runtimeStatus)) {
        workerLogs.orchestrationFinished(this.log, {
          instanceId: instance.instanceId,
          name: instance.name,
          status,
          ...(p.commit.update.failureDetails ? { message: p.commit.update.failureDetails.message } : {}),
        });
      }
      if (p.executor !== undefined) {
        const historyLength = instance.historyLength + p.commit.newHistory.length;
        this.cache.put(instance.instanceId, {
          executionId: instance.executionId,
          instance: rowAfterEpisode(instance, p.commit, historyLength),
          historyLength,
          executor: p.executor,
          trace: p.trace ?? new InstanceTrace(),
          lastUsedAt: now,
        });
      }
    });
  }

  /** Tracking events of a committed episode: the history it replayed (if traced), what it added, and what it waits for. */
  private track(p: PreparedEpisode): void {
    const { instanceId, name } = p.item.instance;
    if (p.replayed !== undefined) this.tracker.history(instanceId, name, p.replayed, true);
    this.tracker.history(instanceId, name, p.commit.newHistory);
    if (p.commit.update.runtimeStatus === 'Running' && p.executor !== undefined) this.tracker.waiting(instanceId, name, p.executor.listeningFor);
  }
}

/** Drops an answer (sub-orchestration, entity) addressed to an earlier execution (before a continue-as-new). */
function belongsTo(event: HistoryEvent, executionId: string): boolean {
  switch (event.type) {
    case 'SubOrchestrationInstanceCompleted':
    case 'SubOrchestrationInstanceFailed':
    case 'EntityOperationCompleted':
    case 'EntityOperationFailed':
    case 'EntityLockGranted':
      return event.parentExecutionId === undefined || event.parentExecutionId === executionId;
    default:
      return true;
  }
}

/** The instance row as a committed episode left it, without its payload columns (not needed to run the next episode). */
function rowAfterEpisode(before: InstanceRecord, commit: EpisodeCommit, historyLength: number): InstanceRecord {
  const { instanceId, executionId, name, version, createdAt } = before;
  return {
    instanceId,
    executionId,
    name,
    ...(version !== undefined ? { version } : {}),
    runtimeStatus: commit.update.runtimeStatus,
    createdAt,
    lastUpdatedAt: new Date(commit.update.lastUpdatedAt),
    historyLength,
  };
}

function unmatched(commit: EpisodeCommit): never {
  throw new Error(`No start matches the first episode of '${commit.instanceId}'.`);
}
