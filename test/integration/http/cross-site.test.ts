import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from 'durable-ts';
import { HttpStart } from '../../../samples/http/http-start.triggers';
import { createHttpServer } from '../../../src/http/http-server';
import { silentLogger } from '../../support/test-host';
import { httpTestFunctions } from './http-fixtures';
import { rawJson, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const json = { 'content-type': 'application/json' };

describe('the default configuration (loopback, no key) refuses cross-site and rebinding requests', () => {
  let t: HttpTestHost;
  let port: string;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: httpTestFunctions, triggers: [HttpStart] });
    port = new URL(t.url).port;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('a state-changing request from a foreign Origin is a 403, and nothing is stored', async () => {
    for (const [path, method] of [
      [`${API}/orchestrators/EchoOrchestrator/xs-1`, 'POST'],
      ['/api/orchestrators/EchoOrchestrator/xs-1', 'POST'],
      [`${API}/instances/xs-1/terminate`, 'POST'],
      [`${API}/instances?createdTimeFrom=2000-01-01`, 'DELETE'],
    ] as const) {
      for (const origin of ['https://evil.example', 'null', `http://localhost.evil.example:${port}`]) {
        const res = await rawJson(`${t.url}${path}`, { method, headers: { ...json, origin }, body: '1' });
        expect(res.status, `${method} ${path} from ${origin}`).toBe(403);
        expect(res.body.error).toBe('ORIGIN_NOT_ALLOWED');
      }
    }
    expect(await t.host.storage.getInstance('xs-1')).toBeUndefined();
  });

  it('a request from the server’s own origin, or without Origin (curl), passes', async () => {
    const same = await rawJson(`${t.url}${API}/orchestrators/EchoOrchestrator/xs-same`, { method: 'POST', headers: { ...json, origin: `http://127.0.0.1:${port}` }, body: '1' });
    expect(same.status).toBe(202);
    const local = await rawJson(`${t.url}${API}/orchestrators/EchoOrchestrator/xs-local`, { method: 'POST', headers: { ...json, origin: `http://localhost:${port}`, host: `localhost:${port}` }, body: '1' });
    expect(local.status).toBe(202);
  });

  it('form and text bodies (what a page sends without a preflight) are a 415, even when empty', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      for (const path of [`${API}/orchestrators/EchoOrchestrator/xs-2`, '/api/orchestrators/EchoOrchestrator/xs-2']) {
        for (const body of ['"x"', '']) {
          const res = await rawJson(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
          expect(res.status, `${type} ${path} ${JSON.stringify(body)}`).toBe(415);
        }
      }
    }
    expect(await t.host.storage.getInstance('xs-2')).toBeUndefined();
  });

  it('a Host that does not name this machine (DNS rebinding) is a 421, for reads too', async () => {
    for (const host of [`rebind.evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`]) {
      const read = await rawJson(`${t.url}${API}/instances`, { headers: { host } });
      expect(read.status, host).toBe(421);
      expect(read.body.error).toBe('HOST_NOT_ALLOWED');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      expect((await rawJson(`${t.url}${API}/instances`, { headers: { host } })).status, host).toBe(200);
    }
  });
});

describe('allowed origins and hosts', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: httpTestFunctions, http: { allowedOrigins: ['https://app.example.com'], allowedHosts: ['durable.internal'] } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('an allowed origin gets CORS headers and its preflight answered', async () => {
    const preflight = await rawJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const start = await rawJson(`${t.url}${API}/orchestrators/EchoOrchestrator/cors-1`, { method: 'POST', headers: { ...json, origin: 'https://app.example.com' }, body: '1' });
    expect(start.status).toBe(202);
    expect(start.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await rawJson(`${t.url}${API}/orchestrators/EchoOrchestrator/cors-2`, { method: 'POST', headers: { ...json, origin: 'https://other.example.com' }, body: '1' });
    expect(other.status).toBe(403);
  });

  it('a configured host name is answered', async () => {
    expect((await rawJson(`${t.url}${API}/instances`, { headers: { host: 'durable.internal:7071' } })).status).toBe(200);
    expect((await rawJson(`${t.url}${API}/instances`, { headers: { host: 'durable.evil:7071' } })).status).toBe(421);
  });
});

describe('listening beyond loopback', () => {
  const client = { taskHubName: 'TestHub' } as unknown as Parameters<typeof createHttpServer>[0]['client'];
  const server = (config: Partial<Parameters<typeof createHttpServer>[0]['config']>) =>
    createHttpServer({ client, config: { routePrefix: 'api', ...config }, logger: silentLogger });

  it('without a system key is refused with UnauthenticatedListenError, and the port is not opened', async () => {
    const app = server({});
    const error: unknown = await app.listen({ port: 0, host: '0.0.0.0' }).catch((e: unknown) => e);
    expect(isDurableErrorWithCode(error, 'UNAUTHENTICATED_LISTEN')).toBe(true);
    expect((error as Error).message).toContain('DURABLE_ALLOW_UNAUTHENTICATED');
    expect(app.server.listening).toBe(false);
    await app.close();
  });

  it('is allowed with a system key, or when explicitly opted in', async () => {
    for (const config of [{ systemKey: 'k' }, { allowUnauthenticated: true }]) {
      const app = server(config);
      await app.listen({ port: 0, host: '0.0.0.0' });
      expect(app.server.listening).toBe(true);
      await app.close();
    }
    const loopback = server({});
    await loopback.listen({ port: 0, host: '127.0.0.1' });
    await loopback.close();
  });
});
