import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, sqliteProviderOf, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { httpTestFunctions } from './http-fixtures';
import { fetchJson } from './http-test-server';

const SYSTEM_KEY = 'health-test-system-key';
const json = { 'content-type': 'application/json' };

/**
 * Issue 18, items 9 and 12 over HTTP: a request that fails because storage turned read-only was a
 * 500; it is a 503 with Retry-After (the server is fine, it cannot write for now). The health route
 * answers load balancers and readiness probes from `host.health()`. Storage is made read-only with
 * `PRAGMA query_only` on the host's connection (tests run as root, which ignores chmod): SQLite
 * then refuses writes with the SQLITE_READONLY error a read-only file gives.
 */
describe('read-only storage over HTTP, and the health route', () => {
  let t: TestHost | undefined;
  let server: FastifyInstance | undefined;
  afterEach(async () => {
    await server?.close();
    await t?.dispose();
    server = undefined;
    t = undefined;
  });

  /** A host with its server listening; started unless `beforeStart` is given (then started after it ran). */
  async function serve(systemKey?: string, beforeStart?: (host: TestHost['host']) => Promise<void>): Promise<{ url: string; host: TestHost['host'] }> {
    t = await createTestHost(httpTestFunctions);
    await beforeStart?.(t.host);
    await t.host.start();
    server = t.host.createHttpServer(systemKey !== undefined ? { systemKey } : {});
    return { url: await server.listen({ port: 0, host: '127.0.0.1' }), host: t.host };
  }

  it('answers a start that cannot be written with 503 and Retry-After, writing nothing, and reports unhealthy', async () => {
    // Work waiting when storage turns read-only: the worker's claim is the write that finds out.
    const { url, host } = await serve(undefined, async (created) => {
      await created.client.startNew('EchoOrchestrator', { instanceId: 'waiting', input: 'w' });
      sqliteProviderOf(created.storage).database().pragma('query_only = ON');
    });
    const start = await fetchJson(`${url}/runtime/webhooks/durabletask/orchestrators/EchoOrchestrator/ro-1`, { method: 'POST', headers: json, body: '"x"' });
    expect(start.status).toBe(503);
    expect(start.headers.get('retry-after')).toBe('10');
    expect(start.body.error).toBe('STORAGE_READ_ONLY');
    expect(await host.storage.getInstance('ro-1')).toBeUndefined();

    await waitFor(() => !host.isHealthy, 'the host to report unhealthy');
    const unhealthy = await fetchJson(`${url}/runtime/webhooks/durabletask/health`);
    expect(unhealthy.status).toBe(503);
    expect(unhealthy.headers.get('retry-after')).toBe('10');
    expect(unhealthy.body).toMatchObject({ healthy: false, live: true, ready: false, state: 'running', storage: { writable: false, reachable: true, reason: expect.stringContaining('readonly') } });

    sqliteProviderOf(host.storage).database().pragma('query_only = OFF');
    await waitFor(() => host.isHealthy, 'the host to find storage writable again');
    expect((await fetchJson(`${url}/runtime/webhooks/durabletask/health`)).status).toBe(200);
    expect((await host.client.waitForCompletion('waiting', { timeoutMs: 10_000 })).runtimeStatus).toBe('Completed');
  });

  it('with a system key, tells anyone healthy or not, and the details only to the key\'s holder', async () => {
    const { url } = await serve(SYSTEM_KEY);
    const anonymous = await fetchJson(`${url}/runtime/webhooks/durabletask/health`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ healthy: true, live: true, ready: true });
    const holder = await fetchJson(`${url}/runtime/webhooks/durabletask/health?code=${SYSTEM_KEY}`);
    expect(holder.body).toMatchObject({ healthy: true, live: true, ready: true, state: 'running', storage: { writable: true, reachable: true } });
    expect(Object.keys(holder.body as object)).toEqual(expect.arrayContaining(['workerLoops', 'backlog']));
  });
});
