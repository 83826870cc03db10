import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStart } from '../../../samples/http/http-start.triggers';
import { HttpTrigger, HttpTriggers } from '../../../src/decorators/http-trigger.decorator';
import { httpTestFunctions } from './http-fixtures';
import { fetchJson, fillUrl, pollUntilDone, rawJson, startHttpTestHost, waitForStatus, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const SYSTEM_KEY = 'system-key-0123456789';
const FUNCTION_KEYS = { main: 'function-key-main', rotated: 'function-key-rotated' };
const json = { 'content-type': 'application/json' };

@HttpTriggers()
class LevelTriggers {
  @HttpTrigger({ route: 'levels/anonymous', methods: ['GET'], authLevel: 'anonymous' })
  anonymous(): { level: string } {
    return { level: 'anonymous' };
  }

  @HttpTrigger({ route: 'levels/function', methods: ['GET'] })
  function(): { level: string } {
    return { level: 'function' };
  }

  @HttpTrigger({ route: 'levels/admin', methods: ['GET'], authLevel: 'admin' })
  admin(): { level: string } {
    return { level: 'admin' };
  }
}

describe('app triggers have auth levels; function keys are not the system key', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: httpTestFunctions, triggers: [LevelTriggers, HttpStart], systemKey: SYSTEM_KEY, http: { functionKeys: FUNCTION_KEYS } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  const get = (path: string, key?: string, via: 'code' | 'header' = 'code'): Promise<number> =>
    fetch(`${t.url}${path}${key !== undefined && via === 'code' ? `?code=${encodeURIComponent(key)}` : ''}`, {
      headers: key !== undefined && via === 'header' ? { 'x-functions-key': key } : {},
    }).then((r) => r.status);

  it('anonymous: anyone; function (the default): a function key or the system key; admin: the system key', async () => {
    expect(await get('/api/levels/anonymous')).toBe(200);
    expect(await get('/api/levels/function')).toBe(401);
    expect(await get('/api/levels/function', 'guess')).toBe(401);
    expect(await get('/api/levels/function', FUNCTION_KEYS.main)).toBe(200);
    expect(await get('/api/levels/function', FUNCTION_KEYS.rotated, 'header')).toBe(200);
    expect(await get('/api/levels/function', SYSTEM_KEY)).toBe(200);
    expect(await get('/api/levels/admin', FUNCTION_KEYS.main)).toBe(401);
    expect(await get('/api/levels/admin', SYSTEM_KEY)).toBe(200);
  });

  it('a function key opens no built-in route', async () => {
    expect(await get(`${API}/instances`, FUNCTION_KEYS.main)).toBe(401);
    const purge = await fetchJson(`${t.url}${API}/instances?createdTimeFrom=2000-01-01&code=${FUNCTION_KEYS.main}`, { method: 'DELETE' });
    expect(purge.status).toBe(401);
  });

  it('the starter without a key is refused, and with a function key its payload carries no system key, only an instance token', async () => {
    const anonymous = await fetchJson(`${t.url}/api/orchestrators/ApprovalOrchestrator/t-1`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(await t.host.storage.getInstance('t-1')).toBeUndefined();

    const start = await fetchJson(`${t.url}/api/orchestrators/ApprovalOrchestrator/t-1?code=${FUNCTION_KEYS.main}`, { method: 'POST' });
    expect(start.status).toBe(202);
    const text = JSON.stringify(start.body) + String(start.headers.get('location'));
    expect(text).not.toContain(SYSTEM_KEY);
    expect(text).not.toContain(FUNCTION_KEYS.main);
    const payload = start.body as Record<string, string>;
    const token = new URL(fillUrl(payload.statusQueryGetUri as string)).searchParams.get('code');
    expect(token).toMatch(/^it1\./);
    for (const field of ['purgeHistoryDeleteUri', 'restartPostUri', 'suspendPostUri', 'resumePostUri', 'rewindPostUri']) {
      expect(new URL(fillUrl(payload[field] as string)).searchParams.get('code'), field).toBeNull();
    }

    // The token opens this instance's status, events and terminate, and nothing else.
    await waitForStatus(payload.statusQueryGetUri as string, ['Running'], (b) => b.customStatus === 'waiting');
    expect((await fetchJson(`${t.url}${API}/instances/other?code=${encodeURIComponent(token ?? '')}`)).status).toBe(401);
    expect((await fetchJson(`${t.url}${API}/instances/t-1/suspend?code=${encodeURIComponent(token ?? '')}`, { method: 'POST' })).status).toBe(401);
    expect((await fetchJson(`${t.url}${API}/instances?code=${encodeURIComponent(token ?? '')}`)).status).toBe(401);
    const raise = await fetch(fillUrl(payload.sendEventPostUri as string, { eventName: 'Approval' }), { method: 'POST', headers: json, body: '"ok"' });
    expect(raise.status).toBe(202);
    const done = await pollUntilDone(payload.statusQueryGetUri as string);
    expect(done.body.output).toEqual({ approval: 'ok' });
  });

  it('a caller with the system key gets it back in every URL', async () => {
    const start = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator?code=${encodeURIComponent(SYSTEM_KEY)}`, { method: 'POST' });
    expect(start.status).toBe(202);
    for (const [field, value] of Object.entries(start.body as Record<string, string>)) {
      if (field !== 'id') expect(new URL(fillUrl(value)).searchParams.get('code'), field).toBe(SYSTEM_KEY);
    }
  });

  it('the starter does not replace a finished instance unless the caller has the system key', async () => {
    const first = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator/reuse-1?code=${FUNCTION_KEYS.main}`, { method: 'POST', headers: json, body: '"first"' });
    expect(first.status).toBe(202);
    await pollUntilDone(first.body.statusQueryGetUri as string);
    const history = await t.host.storage.getHistory('reuse-1');
    const again = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator/reuse-1?code=${FUNCTION_KEYS.main}`, { method: 'POST', headers: json, body: '"second"' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('INSTANCE_ALREADY_EXISTS');
    expect(await t.host.storage.getHistory('reuse-1')).toEqual(history);
    const admin = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator/reuse-1?code=${encodeURIComponent(SYSTEM_KEY)}`, { method: 'POST', headers: json, body: '"second"' });
    expect(admin.status).toBe(202);
    expect((await pollUntilDone(admin.body.statusQueryGetUri as string)).body.input).toBe('second');
  });

  it('a 400 for an unknown orchestrator lists the registered names only to a caller with the system key', async () => {
    const plain = await fetchJson(`${t.url}/api/orchestrators/Nope?code=${FUNCTION_KEYS.main}`, { method: 'POST' });
    expect(plain.status).toBe(400);
    expect(plain.body.error).toBe('FUNCTION_NOT_FOUND');
    expect(String(plain.body.message)).not.toContain('EchoOrchestrator');
    const admin = await fetchJson(`${t.url}/api/orchestrators/Nope?code=${encodeURIComponent(SYSTEM_KEY)}`, { method: 'POST' });
    expect(String(admin.body.message)).toContain('EchoOrchestrator');
  });

  it('URLs are built on the address the request came in on, never on the Host header', async () => {
    const res = await rawJson(`${t.url}/api/orchestrators/EchoOrchestrator?code=${FUNCTION_KEYS.main}`, { method: 'POST', headers: { host: `localhost:${new URL(t.url).port}` } });
    expect(res.status).toBe(202);
    expect(String(res.body.statusQueryGetUri).startsWith(`${t.url}/runtime/webhooks/durabletask/instances/`)).toBe(true);
    const forged = await rawJson(`${t.url}/api/orchestrators/EchoOrchestrator?code=${FUNCTION_KEYS.main}`, { method: 'POST', headers: { host: 'attacker.example' } });
    expect(forged.status).toBe(421);
  });
});

describe('a configured base URL', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: httpTestFunctions, triggers: [HttpStart], http: { baseUrl: 'https://durable.example.com/app/' } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('is what check-status URLs and Location are built on', async () => {
    const res = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator/based`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.body.statusQueryGetUri).toBe('https://durable.example.com/app/runtime/webhooks/durabletask/instances/based?taskHub=TestHub');
    expect(res.headers.get('location')).toBe(res.body.statusQueryGetUri);
  });
});
