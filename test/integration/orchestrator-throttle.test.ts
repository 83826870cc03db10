import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, type OrchestrationContext } from 'durable-ts';
import { createTestHost, type TestHost } from '../support/test-host';
import type { OrchestrationWorkItem } from '../../src/storage/storage-records';

@Activities()
class ThrottleActivities {
  @Activity('Throttle_Step')
  step(n: number): number {
    return n + 1;
  }
}

@Orchestrator('Throttle_Chain')
class Chain {
  async run(ctx: OrchestrationContext<void>): Promise<number> {
    let n = 0;
    for (let i = 0; i < 3; i++) n = await ctx.callActivity<number>('Throttle_Step', n);
    return n;
  }
}

/**
 * Counts orchestration work items between their claim and the end of their episode (commit or
 * abandon) by wrapping the host's storage: the number a worker holds at once.
 */
function trackHeldEpisodes(t: TestHost): { max: number } {
  const storage = t.host.storage;
  const held = new Set<string>();
  const seen = { max: 0 };
  const claim = storage.claimOrchestrationWorkItems.bind(storage);
  const commit = storage.commitOrchestrationEpisodeBatch.bind(storage);
  const abandon = storage.abandonOrchestrationWorkItem.bind(storage);
  const hold = (items: readonly OrchestrationWorkItem[]): readonly OrchestrationWorkItem[] => {
    for (const item of items) held.add(item.instance.instanceId);
    seen.max = Math.max(seen.max, held.size);
    return items;
  };
  storage.claimOrchestrationWorkItems = async (request) => [...hold(await claim(request))];
  storage.commitOrchestrationEpisodeBatch = async (owner, commits) => {
    try {
      return await commit(owner, commits);
    } finally {
      for (const c of commits) held.delete(c.instanceId);
    }
  };
  storage.abandonOrchestrationWorkItem = async (owner, instanceId, retryAt) => {
    try {
      return await abandon(owner, instanceId, retryAt);
    } finally {
      held.delete(instanceId);
    }
  };
  return seen;
}

describe('maxConcurrentOrchestratorFunctions', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('with 1, one worker never holds more than one orchestration episode at a time, and all instances finish', async () => {
    t = await createTestHost([ThrottleActivities, Chain], { maxConcurrentOrchestratorFunctions: 1 });
    const seen = trackHeldEpisodes(t);
    // Started before the host runs, so all ten are ready at once and a claim could take them together.
    const ids = await Promise.all(Array.from({ length: 10 }, () => t!.host.client.startNew('Throttle_Chain')));
    await t.host.start();
    const done = await Promise.all(ids.map((id) => t!.host.client.waitForCompletion(id, { timeoutMs: 20_000, pollIntervalMs: 20 })));
    expect(done.map((d) => d.output)).toEqual(ids.map(() => 3));
    expect(seen.max).toBe(1);
  });

  it('with 4, the same ten ready instances are taken more than one at a time (the check above can fail)', async () => {
    t = await createTestHost([ThrottleActivities, Chain], { maxConcurrentOrchestratorFunctions: 4 });
    const seen = trackHeldEpisodes(t);
    const ids = await Promise.all(Array.from({ length: 10 }, () => t!.host.client.startNew('Throttle_Chain')));
    await t.host.start();
    await Promise.all(ids.map((id) => t!.host.client.waitForCompletion(id, { timeoutMs: 20_000, pollIntervalMs: 20 })));
    expect(seen.max).toBeGreaterThan(1);
    expect(seen.max).toBeLessThanOrEqual(4);
  });
});
