import { afterEach, describe, expect, it } from 'vitest';
import { HttpRequestFailedError } from 'durable-ts';
import { performHttpRequest } from '../../../src/host/http-activity';
import { EnvironmentHttpSecretResolver } from '../../../src/host/http-secret-resolver';
import { MAX_HTTP_REDIRECTS } from '../../../src/host/http-redirects';
import { nextPoll } from '../../../src/orchestration/durable-http';
import { sendJson, startLocalServer, type LocalServer } from './local-http-server';

const secrets = new EnvironmentHttpSecretResolver({ DURABLE_SECRET_API_KEY: 'top-secret', DURABLE_SECRET_TOKEN: 'Bearer t0k3n' });
const secretHeaders = { 'x-api-key': 'api-key', Authorization: 'token' };

/** Regression: with fetch's own redirect handling, a 302 to another port received x-api-key. */
describe('secret headers and redirects (BuiltIn::HttpActivity)', () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function server(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
    const s = await startLocalServer(handler);
    servers.push(s);
    return s;
  }

  it('does not send secret headers to another origin a redirect points to', async () => {
    const other = await server((_req, res) => sendJson(res, 200, { at: 'other' }));
    const origin = await server((_req, res) => {
      res.writeHead(302, { location: `${other.url}/landing` });
      res.end();
    });
    const response = await performHttpRequest({ method: 'GET', url: `${origin.url}/start`, headers: { 'x-trace': 'plain' }, secretHeaders, timeoutMs: 5000 }, secrets);
    expect(response).toMatchObject({ statusCode: 200, body: '{"at":"other"}' });
    expect(origin.requests[0]?.headers).toMatchObject({ 'x-api-key': 'top-secret', authorization: 'Bearer t0k3n' });
    const landed = other.requests[0]?.headers;
    expect(landed?.['x-api-key']).toBeUndefined();
    expect(landed?.authorization).toBeUndefined();
    expect(landed?.['x-trace']).toBe('plain');
  });

  it('sends them on a redirect within the origin', async () => {
    const origin = await server((req, res) => {
      if (req.path === '/start') {
        res.writeHead(302, { location: '/landing' });
        res.end();
      } else sendJson(res, 200, { at: req.path });
    });
    const response = await performHttpRequest({ method: 'GET', url: `${origin.url}/start`, secretHeaders, timeoutMs: 5000 }, secrets);
    expect(response.body).toBe('{"at":"/landing"}');
    expect(origin.requests.map((r) => [r.path, r.headers['x-api-key']])).toEqual([
      ['/start', 'top-secret'],
      ['/landing', 'top-secret'],
    ]);
  });

  it('keeps method and body on 307, and turns a POST into a bodiless GET on 303', async () => {
    const origin = await server((req, res) => {
      if (req.path === '/307' || req.path === '/303') {
        res.writeHead(Number(req.path.slice(1)), { location: '/target' });
        res.end();
      } else sendJson(res, 200, { method: req.method, body: req.body, type: req.headers['content-type'] ?? null });
    });
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs: 5000 };
    expect(JSON.parse((await performHttpRequest({ ...post, url: `${origin.url}/307` }, secrets)).body)).toEqual({ method: 'POST', body: '{"a":1}', type: 'application/json' });
    expect(JSON.parse((await performHttpRequest({ ...post, url: `${origin.url}/303` }, secrets)).body)).toEqual({ method: 'GET', body: '', type: null });
  });

  it('gives up on a redirect loop with a clear error', async () => {
    const origin = await server((_req, res) => {
      res.writeHead(302, { location: '/again' });
      res.end();
    });
    const failure = await performHttpRequest({ method: 'GET', url: `${origin.url}/again`, timeoutMs: 5000 }, secrets).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpRequestFailedError);
    expect((failure as Error).message).toContain(`more than ${MAX_HTTP_REDIRECTS} redirects`);
    expect(origin.requests).toHaveLength(MAX_HTTP_REDIRECTS + 1);
  });

  it('keeps secret headers off a 202 poll of another origin', () => {
    const first = { method: 'GET', url: 'http://127.0.0.1:1000/start', secretHeaders, timeoutMs: 5000 };
    const elsewhere = nextPoll({ statusCode: 202, headers: { location: 'http://127.0.0.1:2000/status' }, body: '' }, first, new Date(0), 10);
    expect(elsewhere?.request.secretHeaders).toBeUndefined();
    const home = nextPoll({ statusCode: 202, headers: { location: '/status' }, body: '' }, first, new Date(0), 10);
    expect(home?.request.secretHeaders).toEqual(secretHeaders);
  });
});
