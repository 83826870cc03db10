import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { createSystemKeyCheck } from '../../../src/http/system-key';
import { OrderTriggers } from './http-fixtures';
import { fetchJson, pollUntilDone, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const KEY = 's3cret/key+with=odd&chars';

describe('system key', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: sampleFunctions, triggers: [OrderTriggers], systemKey: KEY });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('401 without a key or with a wrong one, the same answer either way', async () => {
    const missing = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence`, { method: 'POST' });
    const wrong = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence?code=guess`, { method: 'POST' });
    const prefix = await fetchJson(`${t.url}${API}/instances/x?code=${encodeURIComponent(KEY.slice(0, -1))}`);
    const twice = await fetchJson(`${t.url}${API}/instances/x?code=${encodeURIComponent(KEY)}&code=${encodeURIComponent(KEY)}`);
    for (const res of [missing, wrong, prefix, twice]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(missing.body);
    }
    expect(missing.body.error).toBe('UNAUTHORIZED');
  });

  it('gates every built-in route, under /runtime/webhooks/durabletask and /durabletask alike', async () => {
    const routes: [string, string][] = [
      ['POST', '/orchestrators/E1_HelloSequence'],
      ['GET', '/instances/x'],
      ['GET', '/instances'],
      ['DELETE', '/instances/x'],
      ['DELETE', '/instances?createdTimeFrom=2000-01-01'],
      ['POST', '/instances/x/raiseEvent/e'],
      ['POST', '/instances/x/terminate'],
      ['POST', '/instances/x/suspend'],
      ['POST', '/instances/x/resume'],
      ['POST', '/instances/x/rewind'],
      ['POST', '/instances/x/restart'],
      ['POST', '/entities/Counter/x?op=add'],
      ['DELETE', '/entities/Counter/x'],
      ['GET', '/entities/Counter/x'],
      ['GET', '/entities/Counter'],
      ['GET', '/entities'],
    ];
    for (const base of [API, '/durabletask']) {
      for (const [method, path] of routes) {
        const res = await fetchJson(`${t.url}${base}${path}`, { method });
        expect(res.status, `${method} ${base}${path}`).toBe(401);
        expect(res.body.error).toBe('UNAUTHORIZED');
      }
    }
    expect(await t.host.storage.getInstance('@counter@x')).toBeUndefined();
  });

  it('checks the key before the task hub, so a wrong key learns nothing about hubs', async () => {
    const res = await fetchJson(`${t.url}${API}/instances/x?taskHub=OtherHub&code=guess`);
    expect(res.status).toBe(401);
  });

  it('accepts code= (or x-functions-key) and puts it in every check-status URL', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence/keyed?code=${encodeURIComponent(KEY)}`, { method: 'POST' });
    expect(start.status).toBe(202);
    const payload = start.body as Record<string, string>;
    for (const [field, value] of Object.entries(payload)) {
      if (field === 'id') continue;
      expect(new URL(value.replace('{eventName}', 'e').replace('{text}', 't')).searchParams.get('code'), field).toBe(KEY);
    }
    const done = await pollUntilDone(payload.statusQueryGetUri as string);
    expect(done.status).toBe(200);
    const viaHeader = await fetchJson(`${t.url}${API}/instances/keyed`, { headers: { 'x-functions-key': KEY } });
    expect(viaHeader.status).toBe(200);
  });

  it('gates app routes of the default auth level too, and gives the key in URLs only to a caller who presented it', async () => {
    const anonymous = await fetchJson(`${t.url}/api/orders/42/payload`);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain(KEY);
    const res = await fetchJson(`${t.url}/api/orders/42/payload?code=${encodeURIComponent(KEY)}`);
    expect(res.status).toBe(200);
    expect(new URL(res.body.statusQueryGetUri as string).searchParams.get('code')).toBe(KEY);
  });

  it('compares in constant time over digests (any length, any type)', () => {
    const check = createSystemKeyCheck('abc');
    expect(check('abc')).toBe(true);
    expect(check('abd')).toBe(false);
    expect(check('abcd')).toBe(false);
    expect(check('')).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(check(['abc'])).toBe(false);
  });
});
