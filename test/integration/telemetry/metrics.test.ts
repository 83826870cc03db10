import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDurableHost, type StorageProvider } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { createSqliteStorageProvider } from '../../../src/storage/sqlite/sqlite-storage-factory';
import { silentLogger } from '../../support/test-host';
import { registerTestTelemetry, type TestTelemetry } from '../../support/otel';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { ErrorActivities, FailingOrchestrator } from '../fixtures/error-functions';
import { Gate, GatedActivities, GatedOrchestrator, gates } from '../fixtures/gated-functions';

const functions = [...sampleFunctions, ErrorActivities, FailingOrchestrator, GatedActivities, GatedOrchestrator];
const NAME = 'durable.orchestration.name';
const KIND = 'durable.work.kind';

describe('OpenTelemetry metrics', () => {
  let telemetry: TestTelemetry;
  let t: TestHost | undefined;
  // The metrics API binds instruments when they are made: the provider is registered before any host.
  beforeAll(() => {
    telemetry = registerTestTelemetry();
  });
  afterAll(async () => {
    await telemetry.shutdown();
  });
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('counts the instances, activities and episodes of the work done', async () => {
    t = await startTestHost(functions);
    const { client } = t.host;
    const ids = [await client.startNew('E1_HelloSequence'), await client.startNew('E1_HelloSequence'), await client.startNew('FailingOrchestrator', { input: 'unicorn' })];
    for (const id of ids) await client.waitForCompletion(id, { timeoutMs: 20_000 });
    // The counters move right after the commit that the client sees: wait for the last of them.
    await waitFor(async () => (await telemetry.counter('durable.orchestration.failed', NAME))['FailingOrchestrator'] === 1, 'the failure count');
    await waitFor(async () => (await telemetry.counter('durable.orchestration.completed', NAME))['E1_HelloSequence'] === 2, 'the completion count');

    expect(await telemetry.counter('durable.orchestration.started', NAME)).toEqual({ E1_HelloSequence: 2, FailingOrchestrator: 1 });
    expect(await telemetry.counter('durable.orchestration.completed', NAME)).toEqual({ E1_HelloSequence: 2 });
    expect(await telemetry.counter('durable.orchestration.failed', NAME)).toEqual({ FailingOrchestrator: 1 });
    expect(await telemetry.histogramCount('durable.activity.duration', 'durable.activity.name', 'durable.activity.outcome')).toEqual({
      'E1_SayHello/completed': 6,
      'Reserve/completed': 1,
      'Reserve/failed': 1,
    });
    // A sequence of three: the start and one episode per result; the failing one: start, apple, unicorn.
    expect(await telemetry.histogramCount('durable.episode.duration', NAME)).toEqual({ E1_HelloSequence: 8, FailingOrchestrator: 3 });
    expect(await telemetry.counter('durable.lease.lost', KIND)).toEqual({});
    expect(await telemetry.counter('durable.poison_items', KIND)).toEqual({});
    expect(await telemetry.gauge('durable.queue.depth', KIND)).toEqual({ orchestration: 0, activity: 0 });
  });

  it('reports the pending work and its age while activities wait for a free slot', async () => {
    gates.current = new Gate();
    // No backlog: activities without a slot wait in the queue (a backlog would hold them leased here).
    t = await startTestHost(functions, { maxConcurrentActivityFunctions: 1, localActivityBacklog: 0 });
    const { client } = t.host;
    const ids = [await client.startNew('GatedOrchestrator', { input: 'a' }), await client.startNew('GatedOrchestrator', { input: 'b' }), await client.startNew('GatedOrchestrator', { input: 'c' })];
    await gates.current.startedPromise;
    // One activity runs (held at the gate, leased); the other two are due and waiting.
    const depth = await waitFor(async () => {
      const d = await telemetry.gauge('durable.queue.depth', KIND);
      return d['activity'] === 2 ? d : undefined;
    }, 'two pending activities');
    expect(depth['orchestration']).toBe(0);
    const age = await telemetry.gauge('durable.queue.oldest_age', KIND);
    expect(age['activity']).toBeGreaterThanOrEqual(0);
    expect(age['orchestration']).toBe(0);
    gates.current.open();
    for (const id of ids) await client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(await telemetry.gauge('durable.queue.depth', KIND)).toEqual({ orchestration: 0, activity: 0 });
  });

  it('counts a poison activity (claimed too often without finishing) once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-ts-poison-metric-'));
    const path = join(dir, 'durable.sqlite');
    const storage = await createSqliteStorageProvider({ path, hubName: 'TestHub' });
    const crash = { on: true, claims: 0 };
    // Activity claims "crash" while `on`: taken (counting a dequeue) and released without running.
    const crashing = new Proxy(storage, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key !== 'claimActivityWorkItems' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (request: Parameters<StorageProvider['claimActivityWorkItems']>[0]) => {
          const items = await target.claimActivityWorkItems(request);
          if (!crash.on) return items;
          for (const item of items) {
            crash.claims = Math.max(crash.claims, item.dequeueCount);
            await target.abandonActivityWorkItem(request.owner, item.workItemId, request.now + 20);
          }
          return [];
        };
      },
    });
    const host = await createDurableHost({
      functions: sampleFunctions,
      env: {},
      cwd: dir,
      logger: silentLogger,
      storage: crashing,
      hostJson: { version: '2.0', extensions: { durableTask: { hubName: 'TestHub', storageProvider: { type: 'sqlite', path }, maxDequeueCount: 2, localActivityDispatch: false } } },
    });
    try {
      await host.start();
      const id = await host.client.startNew('E1_HelloSequence');
      await waitFor(() => crash.claims >= 3, 'the first activity to be claimed three times');
      crash.on = false;
      expect((await host.client.waitForCompletion(id, { timeoutMs: 20_000 })).runtimeStatus).toBe('Failed');
      await waitFor(async () => (await telemetry.counter('durable.orchestration.failed', NAME))['E1_HelloSequence'] === 1, 'the failure count');
      expect(await telemetry.counter('durable.poison_items', KIND)).toEqual({ activity: 1 });
    } finally {
      await host.stop();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
