import type { OrchestrationExecutor } from '../orchestration/orchestration-executor';
import type { InstanceTrace } from './instance-trace';
import type { InstanceRecord } from '../storage/storage-records';

export interface CachedInstance<E = OrchestrationExecutor> {
  readonly executionId: string;
  /**
   * The instance row as this executor left it (payload columns left out), so that its next episode
   * can run without reading or claiming the row (see OrchestrationDispatcher.runWithResults).
   */
  readonly instance: InstanceRecord;
  /** The stored history length this executor's state corresponds to. */
  historyLength: number;
  readonly executor: E;
  /** What tracing needs from the history this executor has seen (kept so a cached episode reads no history). */
  readonly trace: InstanceTrace;
  lastUsedAt: number;
}

/** How full the cache is and what it has let go of since it was created. */
export interface InstanceCacheStats {
  readonly size: number;
  readonly maxSize: number;
  readonly idleTimeoutMs: number;
  /** Entries dropped because the cache was full (least recently used first). */
  readonly evictedBySize: number;
  /** Entries dropped because they were idle for longer than the idle timeout. */
  readonly evictedByIdle: number;
}

/**
 * Live orchestration executors kept between episodes ("extended sessions"): a new event costs
 * O(new events) instead of a replay of the whole history. Bounded by count (least recently used
 * goes first) and by idle time; an evicted instance is replayed from storage on its next event.
 * Time comes from the caller (`now`), so it follows the worker's clock.
 */
export class InstanceCache<E = OrchestrationExecutor> {
  /** In least-recently-used-first order: an entry is re-inserted each time it is used. */
  private readonly entries = new Map<string, CachedInstance<E>>();
  private evictedBySize = 0;
  private evictedByIdle = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly idleTimeoutMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  stats(): InstanceCacheStats {
    return {
      size: this.entries.size,
      maxSize: Math.max(0, this.maxEntries),
      idleTimeoutMs: this.idleTimeoutMs,
      evictedBySize: this.evictedBySize,
      evictedByIdle: this.evictedByIdle,
    };
  }

  /**
   * Removes and returns the cached executor if it matches the stored execution and history length
   * exactly and has not been idle for too long; the caller puts it back after a successful commit.
   */
  take(instanceId: string, executionId: string, historyLength: number, now: number): CachedInstance<E> | undefined {
    const entry = this.entries.get(instanceId);
    if (entry === undefined) return undefined;
    this.entries.delete(instanceId);
    if (this.isIdle(entry, now)) {
      this.evictedByIdle++;
      return undefined;
    }
    if (entry.executionId !== executionId || entry.historyLength !== historyLength) return undefined;
    return entry;
  }

  /** Whether an executor of this execution is cached (without touching its place or idle time). */
  has(instanceId: string, executionId: string): boolean {
    return this.entries.get(instanceId)?.executionId === executionId;
  }

  /** The instance row a cached executor left (see CachedInstance.instance), without touching its place or idle time. */
  instance(instanceId: string): InstanceRecord | undefined {
    return this.entries.get(instanceId)?.instance;
  }

  put(instanceId: string, entry: CachedInstance<E>): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(instanceId);
    this.entries.set(instanceId, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
      this.evictedBySize++;
    }
  }

  /** Drops entries idle for longer than the idle timeout; returns how many. */
  evictIdle(now: number): number {
    let evicted = 0;
    for (const [id, entry] of this.entries) {
      if (!this.isIdle(entry, now)) continue;
      this.entries.delete(id);
      evicted++;
    }
    this.evictedByIdle += evicted;
    return evicted;
  }

  clear(): void {
    this.entries.clear();
  }

  private isIdle(entry: CachedInstance<E>, now: number): boolean {
    return now - entry.lastUsedAt > this.idleTimeoutMs;
  }
}
