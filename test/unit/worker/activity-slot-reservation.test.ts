import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/model/clock';
import { createSqliteStorageProvider } from '../../../src/storage/sqlite';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import { DurableMetrics } from '../../../src/telemetry/durable-metrics';
import { ActivityDispatcher } from '../../../src/worker/activity-dispatcher';
import type { FunctionCode } from '../../../src/worker/function-code';
import { StorageHealth } from '../../../src/worker/storage-health';
import type { WorkerSettings } from '../../../src/worker/worker-settings';
import { silentLogger } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import type { ActivityWorkItem } from '../../../src/storage/storage-records';
import { startWithActivity } from '../../contract/storage/storage-fixtures';

function fail(): never {
  throw new Error('test setup missing');
}

const noCode: FunctionCode = { orchestrator: () => undefined, activity: () => undefined, entity: () => undefined, names: () => [] };

const settings: WorkerSettings = {
  owner: 'w',
  maxConcurrentOrchestrations: 4,
  maxConcurrentActivities: 3,
  leaseMs: 30_000,
  maxPollingIntervalMs: 1_000,
  maxDequeueCount: 5,
  extendedSessionsEnabled: true,
  localActivityDispatch: true,
  localActivityBacklog: 0,
  eagerStart: true,
  maxCachedInstances: 10,
  cacheIdleTimeoutMs: 30_000,
  drainTimeoutMs: 50,
  replayVerification: 'off',
  replayVerificationSampleRate: 0.1,
  activityTimeoutMs: null,
  maxEntityOperationBatchSize: 100,
};

describe('activity slots reserved for episodes that lease their activities', () => {
  let provider: StorageProvider | undefined;
  afterEach(async () => {
    await provider?.close();
    provider = undefined;
  });

  async function dispatcher(own: Partial<WorkerSettings> = {}, code: FunctionCode = noCode): Promise<ActivityDispatcher> {
    provider = await createSqliteStorageProvider({ path: ':memory:', hubName: 'Slots' });
    const all = { ...settings, ...own };
    const health = new StorageHealth(provider, all.owner, systemClock, silentLogger);
    return new ActivityDispatcher(provider, code, all, systemClock, silentLogger, health, new DurableMetrics());
  }

  /** Activities 'Held' that finish, in the order they started, only when `release` is called. */
  function heldActivities(): { code: FunctionCode; started: number[]; release: () => void } {
    const started: number[] = [];
    const waiting: (() => void)[] = [];
    const held = async (input: unknown): Promise<number> => {
      started.push(Number(input));
      await new Promise<void>((resolve) => waiting.push(resolve));
      return Number(input);
    };
    return {
      code: { ...noCode, activity: (name) => (name === 'Held' ? held : undefined) },
      started,
      release: () => waiting.shift()?.(),
    };
  }

  const item = (n: number): ActivityWorkItem => ({ workItemId: n, instanceId: 'i', executionId: 'e', taskId: n, name: 'Held', input: String(n), dequeueCount: 1, leaseExpiresAt: Date.now() + 30_000 });

  it('grants the free slots and the backlog; leased activities beyond the slots wait, leases renewed, and start in order as slots free', async () => {
    const held = heldActivities();
    const activities = await dispatcher({ localActivityBacklog: 2 }, held.code);
    expect(activities.reserve(10)).toBe(5);
    activities.run([1, 2, 3, 4, 5].map(item), 5);
    expect(held.started).toEqual([1, 2, 3]);
    expect(activities.leasedWorkItemIds.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(activities.reserve(1)).toBe(0);
    held.release();
    await waitFor(() => held.started.length === 4, 'the first waiting activity to start');
    expect(held.started).toEqual([1, 2, 3, 4]);
    held.release();
    await waitFor(() => held.started.length === 5, 'the second waiting activity to start');
    for (let n = 0; n < 3; n++) held.release();
    await waitFor(() => activities.leasedWorkItemIds.length === 0, 'every activity to finish');
    expect(activities.reserve(10)).toBe(5);
  });

  it('gives the activities still waiting back to the queue as soon as it drains, before the running ones finish', async () => {
    const held = heldActivities();
    const activities = await dispatcher({ localActivityBacklog: 2, maxConcurrentActivities: 1 }, held.code);
    await startWithActivity(provider ?? fail(), 'queued');
    const [queued] = await (provider ?? fail()).claimActivityWorkItems({ owner: 'w', now: Date.now(), leaseMs: 30_000, maxItems: 1 });
    expect(activities.reserve(2)).toBe(2);
    activities.run([item(1000), queued ?? fail()], 2);
    expect(held.started).toEqual([1000]);
    const draining = activities.drain(30_000);
    // The waiting one is claimable by any worker while the running one still holds the drain.
    const again = await waitFor(async () => {
      const claimed = await (provider ?? fail()).claimActivityWorkItems({ owner: 'other', now: Date.now(), leaseMs: 30_000, maxItems: 1 });
      return claimed.length > 0 ? claimed : undefined;
    }, 'the waiting activity back in the queue');
    expect(again.map((a) => a.workItemId)).toEqual([queued?.workItemId]);
    held.release();
    await draining;
    expect(held.started).toEqual([1000]);
  });

  it('grants at most the free slots, and frees what the episode did not use', async () => {
    const activities = await dispatcher();
    expect(activities.reserve(2)).toBe(2);
    expect(activities.reserve(5)).toBe(1);
    expect(activities.reserve(1)).toBe(0);
    activities.run([], 3);
    expect(activities.reserve(5)).toBe(3);
  });

  it('grants none once the worker drains, so episodes committed meanwhile queue their activities', async () => {
    const activities = await dispatcher();
    await activities.drain(10);
    expect(activities.reserve(2)).toBe(0);
  });
});
