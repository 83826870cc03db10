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
import type { EpisodeCommit, OrchestrationWorkItem } from '../storage/storage-records';
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
import { workerLogs } from './worker-logs';

const MAX_BATCH = 64;
const RETRY_AFTER_CRASH_MS = 1_000;

interface PreparedEpisode {
  readonly item: OrchestrationWorkItem;
  readonly commit: EpisodeCommit;
  /** The live executor to cache after a successful commit, if the instance goes on. */
  readonly executor?: OrchestrationExecutor;
  readonly fromCache: boolean;
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

  constructor(
    private readonly provider: StorageProvider,
    private readonly resolver: FunctionCode,
    private readonly settings: WorkerSettings,
    private readonly clock: Clock,
    private readonly log: Logger,
    health: StorageHealth,
  ) {
    this.verifier = new ReplayVerifier(settings.replayVerification, settings.replayVerificationSampleRate);
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

  get cachedInstances(): number {
    return this.cache.size;
  }

  instanceCacheStats(): InstanceCacheStats {
    return this.cache.stats();
  }

  evictIdle(): void {
    this.cache.evictIdle(this.clock.now());
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
    try {
      const prepared = (await Promise.all(items.map((item) => this.prepare(item)))).filter((p): p is PreparedEpisode => p !== undefined);
      if (prepared.length > 0) await this.commit(prepared);
    } finally {
      for (const item of items) this.inFlight.delete(item.instance.instanceId);
    }
    return items.length;
  }

  private async prepare(item: OrchestrationWorkItem): Promise<PreparedEpisode | undefined> {
    const { instance } = item;
    const now = this.clock.now();
    const messageIds = item.messages.map((m) => m.messageId);
    try {
      if (isEntityInstanceId(instance.instanceId)) {
        const { commit } = await prepareEntityEpisode(item, this.resolver, this.settings, now, this.log);
        return { item, commit, fromCache: false };
      }
      if (isTerminalStatus(instance.runtimeStatus)) {
        return { item, commit: buildDiscardCommit(instance, item.messages, now), fromCache: false };
      }
      const started: HistoryEvent = newHistoryEvent({ type: 'OrchestratorStarted' }, new Date(now).toISOString());
      const newEvents = [started, ...item.messages.map((m) => m.event).filter((e) => belongsTo(e, instance.executionId))];
      const poison = item.messages.find((m) => m.dequeueCount > this.settings.maxDequeueCount);
      if (poison !== undefined) {
        workerLogs.poisonWorkItem(this.log, { kind: 'orchestration', instanceId: instance.instanceId, name: instance.name, dequeueCount: poison.dequeueCount });
        const error = new PoisonWorkItemError('orchestration', instance.name, instance.instanceId, poison.dequeueCount);
        return { item, commit: await this.failureCommit(item, newEvents, error, now), fromCache: false };
      }
      const orchestrator = this.resolver.orchestrator(instance.name);
      if (orchestrator === undefined) {
        const error = new FunctionNotFoundError('orchestrator', instance.name, this.resolver.names('orchestrator'));
        return { item, commit: await this.failureCommit(item, newEvents, error, now), fromCache: false };
      }
      const cached = this.cache.take(instance.instanceId, instance.executionId, instance.historyLength, now);
      const executor = cached?.executor ?? new OrchestrationExecutor({ instanceId: instance.instanceId, orchestrator, logger: this.log });
      const past = cached !== undefined || instance.historyLength === 0 ? [] : await this.provider.getHistory(instance.instanceId);
      const result = await executor.execute(past, newEvents);
      if (cached !== undefined && this.verifier.shouldVerify()) {
        const history = await this.provider.getHistory(instance.instanceId);
        const episode = { instanceId: instance.instanceId, orchestrator, past: history, newEvents, result, durableCalls: executor.durableCalls };
        // A longer history means another worker took the instance over: this commit will be
        // refused (fencing), and the history no longer matches what this episode ran on.
        const mismatch = history.length === instance.historyLength ? await this.verifier.verify(episode) : undefined;
        if (mismatch !== undefined) {
          workerLogs.replayVerificationFailed(this.log, { instanceId: instance.instanceId, name: instance.name, step: mismatch.step, message: mismatch.message });
          return { item, commit: await this.failureCommit(item, newEvents, mismatch, now), fromCache: true };
        }
      }
      const commit = buildEpisodeCommit(instance, messageIds, result, now);
      return { item, commit, fromCache: cached !== undefined, ...(executor.isFinished ? {} : { executor }) };
    } catch (error) {
      workerLogs.episodeCrashed(this.log, { instanceId: instance.instanceId, error });
      await this.provider.abandonOrchestrationWorkItem(this.settings.owner, instance.instanceId, now + RETRY_AFTER_CRASH_MS);
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

  private async commit(prepared: readonly PreparedEpisode[]): Promise<void> {
    const now = this.clock.now();
    const outcomes = await this.provider.commitOrchestrationEpisodes(this.settings.owner, prepared.map((p) => p.commit));
    prepared.forEach((p, i) => {
      const { instance } = p.item;
      if (outcomes[i] !== 'committed') {
        workerLogs.leaseLost(this.log, { instanceId: instance.instanceId, owner: this.settings.owner });
        return;
      }
      const status = p.commit.update.runtimeStatus;
      workerLogs.episodeCommitted(this.log, {
        instanceId: instance.instanceId,
        name: instance.name,
        status,
        newEvents: p.commit.newHistory.length,
        actions: p.commit.activities.length + p.commit.messages.length,
        fromCache: p.fromCache,
      });
      if (isTerminalStatus(status) && !isTerminalStatus(instance.runtimeStatus)) {
        workerLogs.orchestrationFinished(this.log, {
          instanceId: instance.instanceId,
          name: instance.name,
          status,
          ...(p.commit.update.failureDetails ? { message: p.commit.update.failureDetails.message } : {}),
        });
      }
      if (p.executor !== undefined) {
        this.cache.put(instance.instanceId, {
          executionId: instance.executionId,
          historyLength: instance.historyLength + p.commit.newHistory.length,
          executor: p.executor,
          lastUsedAt: now,
        });
      }
    });
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
