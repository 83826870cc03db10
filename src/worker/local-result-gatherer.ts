import type { LocalResult } from './orchestration-dispatcher';

/** What the gatherer needs of the orchestration dispatcher. */
export interface ResultEpisodes {
  canTakeResult(instanceId: string, executionId: string): boolean;
  runsLocalEpisode(instanceId: string): boolean;
  runWithResults(results: readonly LocalResult[]): Promise<LocalResult[]>;
}

interface Offered {
  readonly local: LocalResult;
  readonly taken: (taken: boolean) => void;
}

/**
 * Group commit for results that go straight into their instances' next episodes: results offered
 * in the same turn of the event loop, or while a batch is being committed, run as one batch (one
 * claim and one commit). One batch at a time, like the queue's result batcher.
 *
 * A result for an instance whose episode this gatherer is committing now waits for the next
 * batch instead of taking the queue: queued, it would have a claim take the instance while that
 * episode runs (a claim takes no notice of an unclaimed episode), which refuses the episode's
 * commit and makes the claimed one replay the whole history. The next batch finds the executor
 * cached again (or, if the episode was refused, queues the result then).
 */
export class LocalResultGatherer {
  private queue: Offered[] = [];
  private flushing = false;

  constructor(private readonly episodes: ResultEpisodes) {}

  /** Resolves true once the result is committed with its instance's next episode, false if the caller must queue it. */
  offer(local: LocalResult): Promise<boolean> {
    const { instanceId } = local.result;
    if (!this.episodes.canTakeResult(instanceId, local.executionId) && !this.episodes.runsLocalEpisode(instanceId)) return Promise.resolve(false);
    const taken = new Promise<boolean>((resolve) => this.queue.push({ local, taken: resolve }));
    if (!this.flushing && this.queue.length === 1) setImmediate(() => void this.flush());
    return taken;
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const locals = batch.map((offered) => offered.local);
        // runWithResults logs its own failures; if it throws anyway, every result is queued instead.
        const rest = new Set(await this.episodes.runWithResults(locals).catch(() => locals));
        for (const offered of batch) offered.taken(!rest.has(offered.local));
      }
    } finally {
      this.flushing = false;
    }
  }
}
