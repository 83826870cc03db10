import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/http/http-server';
import type { HttpServerConfig } from '../../../src/http/http-config';
import { silentLogger, startTestHost, type TestHost } from '../../support/test-host';
import { HeldOrchestrator, HttpTestActivities, holdGate } from './http-fixtures';

const KEY = 'dashboard-test-system-key';
const API = '/runtime/webhooks/durabletask';

/** Stand-in build output: the routes serve whatever the build wrote. */
function fakeAssets(): string {
  const dir = mkdtempSync(join(tmpdir(), 'durable-ts-dashboard-assets-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(join(dir, 'app.js'), 'void 0;');
  writeFileSync(join(dir, 'app.css'), 'body{}');
  return dir;
}

describe('dashboard security', () => {
  let t: TestHost;
  let assetsDir: string;
  const servers: FastifyInstance[] = [];

  /** A server on `host` (port 0); returns `http://127.0.0.1:<port>`. */
  const serve = async (host: string, config: Omit<HttpServerConfig, 'routePrefix'>): Promise<string> => {
    const server = createHttpServer({ client: t.host.client, config: { routePrefix: 'api', dashboardAssetsDir: assetsDir, ...config }, logger: silentLogger });
    servers.push(server);
    await server.listen({ port: 0, host });
    const address = server.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening on a port');
    return `http://127.0.0.1:${address.port}`;
  };

  beforeAll(async () => {
    holdGate.reset();
    t = await startTestHost([HttpTestActivities, HeldOrchestrator], {}, { drainTimeoutMs: 2_000 });
    assetsDir = fakeAssets();
  });

  afterAll(async () => {
    holdGate.release();
    for (const server of servers) await server.close();
    await t?.dispose();
    rmSync(assetsDir, { recursive: true, force: true });
  });

  it('serves the dashboard on loopback without a key, with a strict content security policy', async () => {
    const url = await serve('127.0.0.1', {});
    const page = await fetch(`${url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(`${url}/dashboard/app.js`)).headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${url}/dashboard/api/instances`)).status).toBe(200);
  });

  it('does not serve the dashboard beyond loopback without a system key, even with allowUnauthenticated', async () => {
    const url = await serve('0.0.0.0', { allowUnauthenticated: true });
    for (const path of ['/dashboard', '/dashboard/app.js', '/dashboard/api/instances', '/dashboard/api/instances/x/timeline', '/dashboard/api/entities/counter/a']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('DASHBOARD_OFF');
    }
  });

  it('serves it beyond loopback with a system key, but its data needs the key', async () => {
    const url = await serve('0.0.0.0', { systemKey: KEY });
    expect((await fetch(`${url}/dashboard`)).status).toBe(200); // the page holds no data
    const anonymous = await fetch(`${url}/dashboard/api/instances`);
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${url}/dashboard/api/instances?code=wrong`)).status).toBe(401);
    expect((await fetch(`${url}/dashboard/api/instances`, { headers: { 'x-functions-key': KEY } })).status).toBe(200);
  });

  it('refuses actions without the key and leaves the instance untouched; the key lets them through', async () => {
    const url = await serve('127.0.0.1', { systemKey: KEY });
    const instanceId = await t.host.client.startNew('HeldOrchestrator', { input: 'x' });
    const terminate = `${url}${API}/instances/${instanceId}/terminate`;
    const same = { 'content-type': 'application/json', origin: url };

    const refused = await fetch(terminate, { method: 'POST', headers: same });
    expect(refused.status).toBe(401);
    const raise = await fetch(`${url}${API}/instances/${instanceId}/raiseEvent/Go`, { method: 'POST', headers: same, body: 'true' });
    expect(raise.status).toBe(401);
    expect((await t.host.client.getStatus(instanceId))?.runtimeStatus).not.toBe('Terminated');

    const fromElsewhere = await fetch(terminate, { method: 'POST', headers: { ...same, origin: 'https://evil.example', 'x-functions-key': KEY } });
    expect(fromElsewhere.status).toBe(403); // a page of another site cannot act, even with the key

    const accepted = await fetch(terminate, { method: 'POST', headers: { ...same, 'x-functions-key': KEY } });
    expect(accepted.status).toBe(202);
    await t.host.client.waitForCompletion(instanceId, { timeoutMs: 10_000 });
    expect((await t.host.client.getStatus(instanceId))?.runtimeStatus).toBe('Terminated');
  });

  it('is not served when turned off, and says how to build it when the bundle is missing', async () => {
    const off = await serve('127.0.0.1', { dashboard: false });
    expect((await fetch(`${off}/dashboard`)).status).toBe(404);
    const unbuilt = await serve('127.0.0.1', { dashboardAssetsDir: join(assetsDir, 'missing') });
    const response = await fetch(`${unbuilt}/dashboard`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('DASHBOARD_NOT_BUILT');
    expect(body.message).toContain('npm run build');
  });
});
