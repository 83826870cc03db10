import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, VirtualClock } from 'durable-ts';
import { createSqliteStorageProvider } from '../../../src/storage/sqlite/sqlite-storage-factory';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import { createTestHost, silentLogger, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { httpTestFunctions } from './http-fixtures';

const HEALTH = '/runtime/webhooks/durabletask/health';

describe('the health route: liveness and readiness', () => {
  let t: TestHost | undefined;
  let server: FastifyInstance | undefined;
  afterEach(async () => {
    await server?.close();
    await t?.dispose();
    server = undefined;
    t = undefined;
  });

  async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await (server as FastifyInstance).inject({ method: 'GET', url: path });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  it('before start: live but not ready, with the backlog of due work and how long it has waited', async () => {
    const clock = new VirtualClock();
    t = await createTestHost(httpTestFunctions, {}, { clock });
    server = t.host.createHttpServer();
    await t.host.client.startNew('EchoOrchestrator', { instanceId: 'queued', input: 'q' });
    clock.advance(2_000);
    const ready = await get(`${HEALTH}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ live: true, ready: false, healthy: false, state: 'created', storage: { writable: true, reachable: true } });
    expect(ready.body['backlog']).toEqual({ orchestrationMessages: 1, activityItems: 0, oldestPendingAgeMs: 2_000 });
    expect((await get(HEALTH)).status).toBe(503);
    expect((await get(`${HEALTH}/live`)).status).toBe(200);
  });

  it('running: ready, each loop with the age of its last round; the backlog drains', async () => {
    t = await createTestHost(httpTestFunctions);
    server = t.host.createHttpServer();
    await t.host.start();
    await t.host.client.startNew('EchoOrchestrator', { instanceId: 'run', input: 'r' });
    await t.host.client.waitForCompletion('run', { timeoutMs: 10_000 });
    const ready = await get(`${HEALTH}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ live: true, ready: true, state: 'running', backlog: { orchestrationMessages: 0, activityItems: 0, oldestPendingAgeMs: null } });
    const loops = ready.body['workerLoops'] as Record<string, { alive: boolean; lastTickAgeMs: number }>;
    for (const loop of [loops['orchestration'], loops['activity']]) {
      expect(loop?.alive).toBe(true);
      expect(typeof loop?.lastTickAgeMs).toBe('number');
    }
  });

  it('a dispatch loop stuck in a claim that never returns: not live (503 on /health/live), not ready', async () => {
    const clock = new VirtualClock();
    const dir = mkdtempSync(join(tmpdir(), 'durable-ts-health-'));
    const storage = await createSqliteStorageProvider({ path: join(dir, 'durable.sqlite'), hubName: 'Health' });
    let claims = 0;
    let release: (() => void) | undefined;
    let released = false;
    // A claim that does not settle until the end of the test: the orchestration loop stops going round.
    const stuck = new Proxy(storage, {
      get(target, key, receiver) {
        if (key === 'claimOrchestrationWorkItems') {
          return async () => {
            claims++;
            if (!released) await new Promise<void>((resolve) => (release = resolve));
            return [];
          };
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as StorageProvider;
    const host = await createDurableHost({ functions: httpTestFunctions, env: {}, cwd: dir, logger: silentLogger, clock, storage: stuck, hostJson: { version: '2.0' } });
    try {
      server = host.createHttpServer();
      await host.start();
      await waitFor(() => claims > 0, 'the orchestration loop to claim');
      expect((await get(`${HEALTH}/live`)).status).toBe(200);
      clock.advance(60_000); // beyond the lease (30 s) and 10 s: the loop has not gone round since
      const live = await waitFor(async () => {
        const answer = await get(`${HEALTH}/live`);
        return answer.status === 503 ? answer : undefined;
      }, 'liveness to fail');
      expect(live.body).toMatchObject({ live: false, ready: false, workerLoops: { orchestration: { alive: false }, activity: { alive: true } } });
      expect((await get(HEALTH)).status).toBe(503);
    } finally {
      released = true;
      release?.();
      await server?.close();
      server = undefined;
      await host.stop();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
