import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { httpTestFunctions } from './http-fixtures';
import { fetchJson, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';

describe('built-in API: what a client gets wrong is a 4xx with a JSON reason', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions], bodyLimitBytes: 1024 });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('400 FUNCTION_NOT_FOUND for an unknown orchestrator (as the HTTP API reference says), naming the registered ones', async () => {
    const res = await fetchJson(`${t.url}${API}/orchestrators/NoSuchThing`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('FUNCTION_NOT_FOUND');
    expect(res.body.message).toContain('E1_HelloSequence');
  });

  it('400 INVALID_INSTANCE_ID for ids the rules refuse', async () => {
    for (const id of ['%40entity', 'a%2Fb', 'a%23b', 'x'.repeat(257)]) {
      const res = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence/${id}`, { method: 'POST' });
      expect(res.status, id).toBe(400);
      expect(res.body.error, id).toBe('INVALID_INSTANCE_ID');
    }
    const status = await fetchJson(`${t.url}${API}/instances/%40entity`);
    expect(status.status).toBe(400);
    expect(status.body.error).toBe('INVALID_INSTANCE_ID');
  });

  it('400 BAD_REQUEST in the same JSON shape for a URL that cannot be decoded', async () => {
    const res = await fetchJson(`${t.url}${API}/instances/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('BAD_REQUEST');
    expect(typeof res.body.message).toBe('string');
  });

  it('404 INSTANCE_NOT_FOUND for an unknown instance', async () => {
    const res = await fetchJson(`${t.url}${API}/instances/never-started`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'INSTANCE_NOT_FOUND' });
  });

  it('400 INVALID_JSON for a body that is not JSON, saying so', async () => {
    const res = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"city": Tokyo}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_JSON');
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('400 INVALID_JSON for prototype-poisoning keys', async () => {
    const res = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"admin": true}}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_JSON');
  });

  it('400 INVALID_JSON for nesting deeper than 64 levels (which would overflow the stack later), 202 at 64', async () => {
    const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
    const deep = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested(65) });
    expect(deep.status).toBe(400);
    expect(deep.body.error).toBe('INVALID_JSON');
    expect(deep.body.message).toContain('64 levels');
    // 64 levels (an object holding 63 nested arrays); brackets inside strings do not count.
    const atLimit = `{"text":"[[[[","nested":${nested(63)}}`;
    const ok = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: atLimit });
    expect(ok.status).toBe(202);
  });

  it('415 UNSUPPORTED_CONTENT_TYPE for a form or binary body', async () => {
    const form = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'city=Tokyo',
    });
    expect(form.status).toBe(415);
    expect(form.body.error).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(form.body.message).toContain('application/json');
    const bad = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, { method: 'POST', headers: { 'content-type': 'not a type' }, body: '1' });
    expect(bad.status).toBe(415);
    expect(bad.body.error).toBe('UNSUPPORTED_CONTENT_TYPE');
  });

  it('413 PAYLOAD_TOO_LARGE above the body limit, naming the limit', async () => {
    const res = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify('x'.repeat(2000)),
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the limit of 1024 bytes.' });
  });

  it('400 INVALID_QUERY_PARAMETER for a flag that is not true or false, or given twice', async () => {
    const res = await fetchJson(`${t.url}${API}/instances/any?showHistory=yes`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'INVALID_QUERY_PARAMETER' });
    expect(res.body.message).toContain('showHistory');
    const twice = await fetchJson(`${t.url}${API}/instances/any?showInput=true&showinput=false`);
    expect(twice.status).toBe(400);
  });

  it('404 TASK_HUB_NOT_FOUND for another hub, naming the one served', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence?taskHub=OtherHub`, { method: 'POST' });
    expect(start.status).toBe(404);
    expect(start.body.error).toBe('TASK_HUB_NOT_FOUND');
    expect(start.body.message).toContain("'TestHub'");
    expect(start.body.message).toContain("'OtherHub'");
    const status = await fetchJson(`${t.url}${API}/instances/x?taskHub=testhub`);
    expect(status.status).toBe(404);
    expect(status.body.error).toBe('TASK_HUB_NOT_FOUND');
  });

  it('404 ROUTE_NOT_FOUND for wrong methods and unknown operations', async () => {
    const cases: [string, string][] = [
      ['GET', `${API}/instances/x/raiseEvent/Approval`],
      ['GET', `${API}/instances/x/terminate`],
      ['POST', `${API}/instances/x/explode`],
      ['POST', `${API}/instances/x/raiseEvent/`],
      ['PUT', `${API}/instances`],
      ['POST', `${API}/instances/x`],
      ['GET', `${API}/orchestrators/E1_HelloSequence`],
      ['PUT', `${API}/entities/Counter/one`],
      ['POST', `/durabletask/entities/Counter`],
      ['GET', `${API}/entities/Counter/one/two`],
    ];
    for (const [method, path] of cases) {
      const res = await fetchJson(`${t.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('400 for a Host header absolute URLs cannot be built from', async () => {
    const { request } = await import('node:http');
    const port = new URL(t.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `${API}/orchestrators/E1_HelloSequence`, headers: { host: 'evil.example/<script>' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });
});
