import { describe, expect, it } from 'vitest';
import { LocalResultGatherer, type ResultEpisodes } from '../../../src/worker/local-result-gatherer';
import type { LocalResult } from '../../../src/worker/orchestration-dispatcher';

const result = (instanceId: string, workItemId: number): LocalResult => ({
  executionId: `${instanceId}-exec`,
  result: { instanceId, workItemId, event: { type: 'TaskCompleted', eventId: -1, timestamp: '2026-01-01T00:00:00.000Z', taskScheduledId: workItemId } },
});

/** Episodes the test finishes by hand: `cached` instances can take a result, `running` ones are in a local episode. */
class ManualEpisodes implements ResultEpisodes {
  readonly cached = new Set<string>();
  readonly running = new Set<string>();
  readonly batches: number[][] = [];
  private finish: (() => void) | undefined;

  canTakeResult(instanceId: string): boolean {
    return this.cached.has(instanceId) && !this.running.has(instanceId);
  }

  runsLocalEpisode(instanceId: string): boolean {
    return this.running.has(instanceId);
  }

  runWithResults(results: readonly LocalResult[]): Promise<LocalResult[]> {
    this.batches.push(results.map((r) => r.result.workItemId));
    for (const r of results) this.running.add(r.result.instanceId);
    return new Promise((resolve) => {
      this.finish = () => {
        for (const r of results) this.running.delete(r.result.instanceId);
        resolve([]);
      };
    });
  }

  /** Commits the batch in flight. */
  commit(): void {
    this.finish?.();
    this.finish = undefined;
  }

  async untilBatches(count: number): Promise<void> {
    for (let turn = 0; this.batches.length < count; turn++) {
      if (turn > 1000) throw new Error(`expected ${count} batches, saw ${this.batches.length}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe('local result gatherer', () => {
  it('holds a result for an instance whose local episode is committing, and runs it in the next batch', async () => {
    const episodes = new ManualEpisodes();
    episodes.cached.add('x');
    const gatherer = new LocalResultGatherer(episodes);
    const first = gatherer.offer(result('x', 1));
    await episodes.untilBatches(1);

    let secondTaken: boolean | undefined;
    const second = gatherer.offer(result('x', 2)).then((taken) => (secondTaken = taken));
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondTaken).toBeUndefined();
    expect(episodes.batches).toEqual([[1]]);

    episodes.commit();
    expect(await first).toBe(true);
    await episodes.untilBatches(2);
    expect(episodes.batches).toEqual([[1], [2]]);
    episodes.commit();
    expect(await second).toBe(true);
  });

  it('hands back at once a result whose instance is not cached, or is busy with a claimed episode', async () => {
    const episodes = new ManualEpisodes();
    const gatherer = new LocalResultGatherer(episodes);
    expect(await gatherer.offer(result('unknown', 1))).toBe(false);
    episodes.cached.add('claimed');
    // Busy, but not with an episode of this gatherer: the claim's lease would refuse an unclaimed commit.
    const busy: ResultEpisodes = { canTakeResult: () => false, runsLocalEpisode: () => false, runWithResults: (r) => episodes.runWithResults(r) };
    expect(await new LocalResultGatherer(busy).offer(result('claimed', 2))).toBe(false);
    expect(episodes.batches).toEqual([]);
  });
});
