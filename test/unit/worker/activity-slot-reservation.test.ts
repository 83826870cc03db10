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

  async function dispatcher(): Promise<ActivityDispatcher> {
    provider = await createSqliteStorageProvider({ path: ':memory:', hubName: 'Slots' });
    const health = new StorageHealth(provider, settings.owner, systemClock, silentLogger);
    return new ActivityDispatcher(provider, noCode, settings, systemClock, silentLogger, health, new DurableMetrics());
  }

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
