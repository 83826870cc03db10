import type { OrchestrationExecutor } from '../orchestration/orchestration-executor';
import type { InstanceTrace } from './instance-trace';

export interface CachedInstance {
  readonly executionId: string;
  /** The stored history length this executor's state corresponds to. */
  historyLength: number;
  readonly executor: OrchestrationExecutor;
  /** What tracing needs from the history this executor has seen (kept so a cached episode reads no history). */
  readonly trace: InstanceTrace;
  lastUsedAt: number;
}

/**
 * Live orchestration executors kept between episodes ("extended sessions"): a new event costs
 * O(new events) instead of a replay of the whole history. Bounded by count (least recently used
 * goes first) and by idle time; an evicted instance is replayed from storage on its next event.
 */
export class InstanceCache {
  private readonly entries = new Map<string, CachedInstance>();

  constructor(
    private readonly maxEntries: number,
    private readonly idleTimeoutMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached executor if it matches the stored execution and history length exactly. */
  take(instanceId: string, executionId: string, historyLength: number, now: number): CachedInstance | undefined {
    const entry = this.entries.get(instanceId);
    if (entry === undefined) return undefined;
    this.entries.delete(instanceId);
    if (entry.executionId !== executionId || entry.historyLength !== historyLength || now - entry.lastUsedAt > this.idleTimeoutMs) {
      return undefined;
    }
    return entry;
  }

  put(instanceId: string, entry: CachedInstance): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(instanceId);
    this.entries.set(instanceId, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Drops entries idle for longer than the idle timeout. */
  evictIdle(now: number): number {
    let evicted = 0;
    for (const [id, entry] of this.entries) {
      if (now - entry.lastUsedAt > this.idleTimeoutMs) {
        this.entries.delete(id);
        evicted++;
      }
    }
    return evicted;
  }

  clear(): void {
    this.entries.clear();
  }
}
