/**
 * The entity endpoints of the HTTP API reference over a real server: signal (`POST …/entities/
 * {name}/{key}?op=`), get (`GET …/entities/{name}/{key}`) and list (`GET …/entities/{name?}`),
 * with the samples' Counter entity, and every status code they answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEntity } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { fetchJson, startHttpTestHost, until, type HttpTestHost, type JsonResponse } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const RPC = '/durabletask';
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A function-based entity whose unnamed operation (a signal without `op`) counts, and `add` adds its input. */
const Tally = defineEntity<number>('Tally', (ctx) => {
  const value = ctx.getState(() => 0) ?? 0;
  if (ctx.operationName === '') ctx.setState(value + 1);
  else if (ctx.operationName.toLowerCase() === 'add') ctx.setState(value + ctx.getInput<number>());
  else throw new Error(`unknown operation '${ctx.operationName}'`);
});

interface EntityStatus {
  readonly entityId: { readonly key: string; readonly name: string };
  readonly lastOperationTime: string;
  readonly state?: unknown;
}

describe('built-in API: entities', () => {
  let t: HttpTestHost;
  const url = (path: string, base = API): string => `${t.url}${base}${path}`;
  const signal = (name: string, key: string, op: string | undefined, body?: unknown, base = API): Promise<JsonResponse> =>
    fetchJson(url(`/entities/${name}/${key}${op !== undefined ? `?op=${encodeURIComponent(op)}` : ''}`, base), {
      method: 'POST',
      ...(body !== undefined ? { headers: JSON_HEADERS, body: JSON.stringify(body) } : {}),
    });
  /** GETs the entity until the response satisfies `done` (bounded: 20 s). */
  const stateOf = (name: string, key: string, done: (res: JsonResponse) => boolean): Promise<JsonResponse> => until(() => fetchJson(url(`/entities/${name}/${key}`)), done);
  const valueIs = (n: number) => (res: JsonResponse) => res.status === 200 && res.body.value === n;
  /** Every page of a list, following x-ms-continuation-token. */
  const listAll = async (path: string, top: number): Promise<{ pages: EntityStatus[][]; all: EntityStatus[] }> => {
    const pages: EntityStatus[][] = [];
    let token: string | null = null;
    do {
      const res = await fetch(url(`${path}${path.includes('?') ? '&' : '?'}top=${top}`), token !== null ? { headers: { 'x-ms-continuation-token': token } } : {});
      expect(res.status).toBe(200);
      const page = (await res.json()) as EntityStatus[];
      expect(page.length).toBeLessThanOrEqual(top);
      pages.push(page);
      token = res.headers.get('x-ms-continuation-token');
      expect(pages.length).toBeLessThan(100);
    } while (token !== null);
    return { pages, all: pages.flat() };
  };

  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, Tally] });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('signal: 202 with no content; the operations run in order and GET answers the state as JSON', async () => {
    for (const n of [1, 2, 3]) {
      const res = await fetch(url(`/entities/Counter/steps?op=add`), { method: 'POST', headers: JSON_HEADERS, body: String(n) });
      expect(res.status).toBe(202);
      expect(await res.text()).toBe('');
    }
    const got = await stateOf('Counter', 'steps', valueIs(6));
    expect(got.body).toEqual({ value: 6 });
    expect(got.headers.get('content-type')).toMatch(/^application\/json/);

    // Names are case-insensitive; /durabletask serves the same API; +json types are JSON.
    expect((await signal('COUNTER', 'steps', 'Add', 4, RPC)).status).toBe(202);
    const typed = await fetchJson(url('/entities/counter/steps?op=add'), { method: 'POST', headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' }, body: '10' });
    expect(typed.status).toBe(202);
    expect((await stateOf('Counter', 'steps', valueIs(20))).body).toEqual({ value: 20 });
    expect((await fetchJson(url('/entities/COUNTER/steps', RPC))).body).toEqual({ value: 20 });

    // No body: the operation runs without input.
    expect((await signal('Counter', 'steps', 'reset')).status).toBe(202);
    await stateOf('Counter', 'steps', valueIs(0));
  });

  it('signal without op: the operation name is the empty string, as in the extension; a class entity refuses an operation it lacks', async () => {
    // A function-based entity sees it as its operation name.
    for (const path of ['/entities/Tally/t', '/entities/tally/t?op=', '/entities/TALLY/t']) {
      expect((await fetchJson(url(path), { method: 'POST' })).status, path).toBe(202);
    }
    expect((await fetchJson(url('/entities/Tally/t?op=add'), { method: 'POST', headers: JSON_HEADERS, body: '10' })).status).toBe(202);
    const tally = await stateOf('Tally', 't', (r) => r.status === 200 && (r.body as unknown) === 13);
    expect(tally.headers.get('content-type')).toMatch(/^application\/json/);
    // A class entity's operations are known: a signal for one it lacks is refused (400) and nothing is queued.
    expect((await signal('Counter', 'no-op', 'add', 5)).status).toBe(202);
    await stateOf('Counter', 'no-op', valueIs(5));
    for (const path of ['/entities/Counter/no-op', '/entities/Counter/no-op?op=', '/entities/Counter/no-op?op=subtract']) {
      const res = await fetchJson(url(path), { method: 'POST', headers: JSON_HEADERS, body: '1' });
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toBe('INVALID_ARGUMENT');
      expect(String(res.body.message), path).toContain('add');
    }
    expect((await signal('Counter', 'never-signalled', 'subtract', 1)).status).toBe(400);
    expect(await t.host.storage.getInstance('@counter@never-signalled')).toBeUndefined();
    // Operation names are case-insensitive, and delete is built in.
    expect((await signal('Counter', 'no-op', 'ADD', 2)).status).toBe(202);
    expect((await stateOf('Counter', 'no-op', valueIs(7))).body).toEqual({ value: 7 });
    // A function-based entity's operations are known only when it runs: any name is accepted (202), and an
    // operation it does not handle fails there, logged as entity.signal.failed.
    expect((await signal('Tally', 't', 'subtract', 1)).status).toBe(202);
  });

  it('DELETE signals the built-in delete operation, as the extension does: the entity is gone (GET 404)', async () => {
    expect((await signal('Counter', 'doomed', 'add', 1)).status).toBe(202);
    await stateOf('Counter', 'doomed', valueIs(1));
    const res = await fetchJson(url('/entities/Counter/doomed'), { method: 'DELETE' });
    expect(res.status).toBe(202);
    const gone = await stateOf('Counter', 'doomed', (r) => r.status === 404);
    expect(gone.body.error).toBe('ENTITY_NOT_FOUND');
  });

  it('GET: 404 ENTITY_NOT_FOUND for an entity without state, of a known name or not; state of any JSON shape', async () => {
    for (const path of ['/entities/Counter/nobody', '/entities/NoSuchEntity/x', '/entities/Counter/%24']) {
      const res = await fetchJson(url(path));
      expect(res.status, path).toBe(404);
      expect(res.body.error, path).toBe('ENTITY_NOT_FOUND');
    }
    // Keys may hold any character the entity id rules allow, '$' and '@' and Unicode included.
    for (const key of ['$', 'a@b', 'été 1', '-']) {
      expect((await signal('Counter', encodeURIComponent(key), 'add', 2)).status, key).toBe(202);
      expect((await stateOf('Counter', encodeURIComponent(key), valueIs(2))).body, key).toEqual({ value: 2 });
      expect(await t.host.client.readEntityState({ name: 'counter', key })).toEqual({ entityExists: true, entityState: { value: 2 } });
    }
  });

  it('400 for an entity id the rules refuse or op given twice, 415 for content that is not JSON; each changes nothing', async () => {
    const before = await t.host.client.listEntities({ pageSize: 1000, fetchState: true });
    const cases: { path: string; init?: RequestInit; error: string }[] = [
      { path: '/entities/Counter/a%2Fb?op=add', error: 'INVALID_ARGUMENT' },
      { path: '/entities/Counter/a%23b?op=add', error: 'INVALID_ARGUMENT' },
      { path: '/entities/Counter/a%3Fb?op=add', error: 'INVALID_ARGUMENT' },
      { path: '/entities/Counter/a%5Cb?op=add', error: 'INVALID_ARGUMENT' },
      { path: '/entities/Counter/a%07b?op=add', error: 'INVALID_ARGUMENT' },
      { path: `/entities/Counter/${'k'.repeat(250)}?op=add`, error: 'INVALID_ARGUMENT' },
      { path: '/entities/Coun%40ter/k?op=add', error: 'INVALID_ARGUMENT' },
      { path: '/entities//k?op=add', error: 'INVALID_ARGUMENT' },
      { path: '/entities/Counter/k?op=add', init: { headers: JSON_HEADERS, body: '{"n": one}' }, error: 'INVALID_JSON' },
      { path: '/entities/Counter/k?op=add', init: { headers: JSON_HEADERS, body: '['.repeat(65) + ']'.repeat(65) }, error: 'INVALID_JSON' },
      { path: '/entities/Counter/k?op=add', init: { headers: JSON_HEADERS, body: '{"__proto__":{"x":1}}' }, error: 'INVALID_JSON' },
      { path: '/entities/Counter/k?op=add', init: { headers: { 'content-type': 'text/plain' }, body: '1' }, error: 'UNSUPPORTED_CONTENT_TYPE' },
      { path: '/entities/Counter/k?op=add', init: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, error: 'UNSUPPORTED_CONTENT_TYPE' },
      { path: '/entities/Counter/k?op=add', init: { body: new Uint8Array([0x31]) }, error: 'UNSUPPORTED_CONTENT_TYPE' },
      { path: '/entities/Counter/k?op=add&OP=reset', error: 'INVALID_QUERY_PARAMETER' },
    ];
    for (const { path, init, error } of cases) {
      const res = await fetchJson(url(path), { method: 'POST', ...init });
      expect(res.status, path).toBe(error === 'UNSUPPORTED_CONTENT_TYPE' ? 415 : 400);
      expect(res.body.error, `${path}: ${String(res.body.message)}`).toBe(error);
      expect(typeof res.body.message).toBe('string');
    }
    for (const path of ['/entities/Counter/a%2Fb', '/entities/Coun%40ter/k', `/entities/Counter/${'k'.repeat(250)}`]) {
      const res = await fetchJson(url(path));
      expect(res.status, path).toBe(400);
      expect(res.body.error).toBe('INVALID_ARGUMENT');
    }
    expect(await t.host.storage.getInstance('@counter@k')).toBeUndefined();
    expect(await t.host.client.listEntities({ pageSize: 1000, fetchState: true })).toEqual(before);
  });

  it('404 FUNCTION_NOT_FOUND for a signal to an entity name no class declares, naming the registered ones; nothing is stored', async () => {
    const res = await signal('NoSuchEntity', 'k', 'add', 1);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('FUNCTION_NOT_FOUND');
    expect(res.body.message).toContain('Counter');
    expect((await fetchJson(url('/entities/NoSuchEntity/k'), { method: 'DELETE' })).status).toBe(404);
    expect(await t.host.storage.getInstance('@nosuchentity@k')).toBeUndefined();
  });

  it('list: every entity with state, of one name or all, with the documented fields, state only with fetchState', async () => {
    for (const key of ['l-1', 'l-2', 'l-3']) expect((await signal('Counter', key, 'add', 3)).status).toBe(202);
    expect((await signal('Account', 'l-acct', 'deposit', 50)).status).toBe(202);
    for (const key of ['l-1', 'l-2', 'l-3']) await stateOf('Counter', key, valueIs(3));
    await stateOf('Account', 'l-acct', (r) => r.status === 200);

    const all = (await fetchJson(url('/entities'))).body as unknown as EntityStatus[];
    expect(all.map((e) => `${e.entityId.name}/${e.entityId.key}`)).toEqual(expect.arrayContaining(['counter/l-1', 'counter/l-2', 'counter/l-3', 'account/l-acct']));
    const one = all.find((e) => e.entityId.key === 'l-1');
    expect(Object.keys(one ?? {})).toEqual(['entityId', 'lastOperationTime']);
    expect(Object.keys(one?.entityId ?? {})).toEqual(['key', 'name']);
    expect(new Date(one?.lastOperationTime ?? '').toISOString()).toBe(one?.lastOperationTime);
    expect(Date.now() - Date.parse(one?.lastOperationTime ?? '')).toBeLessThan(60_000);
    // Entities without state (deleted, or only failed operations) are not listed.
    expect(all.some((e) => e.entityId.key === 'doomed' || e.entityId.key === 'nobody')).toBe(false);

    const counters = (await fetchJson(url('/entities/COUNTER/?fetchState=true'))).body as unknown as EntityStatus[];
    expect(counters.every((e) => e.entityId.name === 'counter')).toBe(true);
    expect(counters.find((e) => e.entityId.key === 'l-2')).toEqual({ entityId: { key: 'l-2', name: 'counter' }, lastOperationTime: expect.any(String), state: { value: 3 } });
    const viaRpc = (await fetchJson(url('/entities/account?fetchState=TRUE', RPC))).body as unknown as EntityStatus[];
    expect(viaRpc.map((e) => e.entityId)).toEqual([{ key: 'l-acct', name: 'account' }]);
    expect(viaRpc[0]?.state).toMatchObject({ balance: 50 });
    expect((await fetchJson(url('/entities/nosuchentity'))).body).toEqual([]);
    expect((await fetchJson(url('/entities/counter/?fetchState=false'))).body).toEqual(expect.arrayContaining([{ entityId: { key: 'l-1', name: 'counter' }, lastOperationTime: expect.any(String) }]));
  });

  it('list: lastOperationTimeFrom and lastOperationTimeTo filter by the last operation', async () => {
    expect((await signal('Counter', 'time-1', 'add', 1)).status).toBe(202);
    const done = await stateOf('Counter', 'time-1', valueIs(1));
    expect(done.status).toBe(200);
    const entity = ((await fetchJson(url('/entities/counter'))).body as unknown as EntityStatus[]).find((e) => e.entityId.key === 'time-1');
    const at = Date.parse(entity?.lastOperationTime ?? '');
    const keysOf = async (query: string): Promise<string[]> => ((await fetchJson(url(`/entities/counter?${query}`))).body as unknown as EntityStatus[]).map((e) => e.entityId.key);
    expect(await keysOf(`lastOperationTimeFrom=${new Date(at).toISOString()}`)).toContain('time-1');
    expect(await keysOf(`lastOperationTimeFrom=${new Date(at + 1).toISOString()}`)).not.toContain('time-1');
    expect(await keysOf(`lastOperationTimeTo=${new Date(at).toISOString()}`)).toContain('time-1');
    expect(await keysOf(`lastOperationTimeTo=${new Date(at - 1).toISOString()}`)).not.toContain('time-1');
    expect(await keysOf('lastOperationTimeTo=2000-01-01')).toEqual([]);
    expect(await keysOf('lastOperationTimeFrom=2000-01-01T00:00:00%2B02:00')).toContain('time-1');
  });

  it('list: more entities than top come in pages of at most top, linked by x-ms-continuation-token, each exactly once', async () => {
    const keys = Array.from({ length: 23 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
    for (const key of keys) expect((await signal('Counter', key, 'add', 1)).status).toBe(202);
    for (const key of keys) await stateOf('Counter', key, valueIs(1));

    const expected = ((await fetchJson(url('/entities/counter?top=1000'))).body as unknown as EntityStatus[]).map((e) => e.entityId.key);
    expect(expected).toEqual(expect.arrayContaining(keys));
    for (const top of [1, 5, 10]) {
      const { pages, all } = await listAll('/entities/counter?fetchState=true', top);
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / top));
      expect(all.map((e) => e.entityId.key)).toEqual(expected);
      expect(all.filter((e) => keys.includes(e.entityId.key)).every((e) => (e.state as { value: number }).value === 1)).toBe(true);
    }
    const everything = await listAll('/entities', 7);
    expect(new Set(everything.all.map((e) => `${e.entityId.name}@${e.entityId.key}`)).size).toBe(everything.all.length);
    expect(everything.all.filter((e) => e.entityId.name === 'counter').map((e) => e.entityId.key)).toEqual(expected);
  });

  it('list: 400 INVALID_QUERY_PARAMETER naming the parameter, 400 for a token or name that cannot be', async () => {
    const cases: [string, string][] = [
      ['top=0', 'top'],
      ['top=ten', 'top'],
      ['top=1&top=2', 'top'],
      ['lastOperationTimeFrom=yesterday', 'lastOperationTimeFrom'],
      ['lastOperationTimeTo=2023-02-29', 'lastOperationTimeTo'],
      ['fetchState=maybe', 'fetchState'],
    ];
    for (const [query, name] of cases) {
      const res = await fetchJson(url(`/entities/counter?${query}`));
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toBe('INVALID_QUERY_PARAMETER');
      expect(res.body.message, query).toContain(`'${name}'`);
    }
    const token = await fetchJson(url('/entities'), { headers: { 'x-ms-continuation-token': 'not-a-token' } });
    expect(token.status).toBe(400);
    expect(token.body.error).toBe('INVALID_ARGUMENT');
    const name = await fetchJson(url('/entities/a%40b'));
    expect(name.status).toBe(400);
    expect(name.body.error).toBe('INVALID_ARGUMENT');
  });

  it('taskHub must name the server hub (404 otherwise); other methods are 404 ROUTE_NOT_FOUND', async () => {
    for (const [method, path] of [['POST', '/entities/Counter/hub?op=add'], ['GET', '/entities/Counter/steps'], ['GET', '/entities'], ['DELETE', '/entities/Counter/steps']] as const) {
      const res = await fetchJson(url(`${path}${path.includes('?') ? '&' : '?'}taskHub=OtherHub`), { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error).toBe('TASK_HUB_NOT_FOUND');
    }
    expect((await fetchJson(url('/entities/Counter/steps?taskHub=TestHub'))).status).toBe(200);
    expect(await t.host.storage.getInstance('@counter@hub')).toBeUndefined();
    for (const [method, path] of [['PUT', '/entities/Counter/steps'], ['PATCH', '/entities/Counter/steps'], ['POST', '/entities/Counter'], ['POST', '/entities'], ['GET', '/entities/Counter/steps/more']] as const) {
      const res = await fetchJson(url(path), { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error).toBe('ROUTE_NOT_FOUND');
    }
  });
});
