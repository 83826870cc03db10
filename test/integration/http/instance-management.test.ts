import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { flakyWorld, holdGate, httpTestFunctions } from './http-fixtures';
import { fetchJson, fillUrl, pollUntilDone, startHttpTestHost, waitForStatus, type HttpTestHost, type JsonResponse } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('built-in API: instance management', () => {
  let t: HttpTestHost;
  const url = (path: string): string => `${t.url}${API}${path}`;
  const start = async (name: string, id: string, input?: unknown): Promise<Record<string, string>> => {
    const res = await fetchJson(url(`/orchestrators/${name}/${id}`), { method: 'POST', headers: JSON_HEADERS, ...(input !== undefined ? { body: JSON.stringify(input) } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as Record<string, string>;
  };
  const waiting = (id: string): Promise<JsonResponse> => waitForStatus(url(`/instances/${id}`), ['Running'], (b) => b.customStatus === 'waiting');
  const historyLength = async (id: string): Promise<number> => (await t.host.storage.getHistory(id)).length;

  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions] });
  });
  afterAll(async () => {
    holdGate.release();
    await t.dispose();
  });
  beforeEach(() => {
    holdGate.reset();
    flakyWorld.broken = true;
  });

  it('answers every URL of the check-status payload: status, suspend, raise event, resume, restart, terminate, purge', async () => {
    const payload = await start('ApprovalOrchestrator', 'links-1', { order: 1 });
    expect((await fetchJson(payload.statusQueryGetUri as string)).status).toBe(202);
    await waiting('links-1');

    const suspend = await fetchJson(fillUrl(payload.suspendPostUri as string, { text: 'lunch break' }), { method: 'POST' });
    expect(suspend.status).toBe(202);
    expect(suspend.body).toEqual({});
    await waitForStatus(payload.statusQueryGetUri as string, ['Suspended']);

    const raise = await fetchJson(fillUrl(payload.sendEventPostUri as string, { eventName: 'Approval' }), { method: 'POST', headers: JSON_HEADERS, body: '{"by":"Ann"}' });
    expect(raise.status).toBe(202);
    expect(raise.body).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetchJson(payload.statusQueryGetUri as string)).body.runtimeStatus).toBe('Suspended'); // held while suspended

    const resume = await fetchJson(fillUrl(payload.resumePostUri as string, { text: 'back' }), { method: 'POST' });
    expect(resume.status).toBe(202);
    const done = await pollUntilDone(payload.statusQueryGetUri as string);
    expect(done.body).toMatchObject({ runtimeStatus: 'Completed', output: { approval: { by: 'Ann' } } });

    const history = await fetchJson(`${payload.statusQueryGetUri}&showHistory=true`);
    const types = (history.body.historyEvents as { EventType: string; Reason?: string }[]).map((e) => e.EventType);
    expect(types).toEqual(expect.arrayContaining(['ExecutionSuspended', 'EventRaised', 'ExecutionResumed']));

    const restart = await fetchJson(payload.restartPostUri as string, { method: 'POST' });
    expect(restart.status).toBe(202);
    const again = restart.body as Record<string, string>;
    expect(again.id).not.toBe('links-1');
    expect(again.id).toMatch(/^[0-9a-f]{32}$/);
    expect(restart.headers.get('location')).toBe(again.statusQueryGetUri);
    expect(again.statusQueryGetUri).toBe(`${t.url}${API}/instances/${again.id}?taskHub=TestHub`);
    const restarted = await waiting(again.id as string);
    expect(restarted.body.input).toEqual({ order: 1 });

    const terminate = await fetchJson(fillUrl(again.terminatePostUri as string, { text: 'no longer needed' }), { method: 'POST' });
    expect(terminate.status).toBe(202);
    const terminated = await pollUntilDone(again.statusQueryGetUri as string);
    expect(terminated.body).toMatchObject({ runtimeStatus: 'Terminated', output: 'no longer needed' });

    const purge = await fetchJson(payload.purgeHistoryDeleteUri as string, { method: 'DELETE' });
    expect(purge.status).toBe(200);
    expect(purge.body).toEqual({ instancesDeleted: 1 });
    expect(purge.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetchJson(payload.statusQueryGetUri as string)).status).toBe(404);
    const purgedAgain = await fetchJson(payload.purgeHistoryDeleteUri as string, { method: 'DELETE' });
    expect(purgedAgain.status).toBe(404);
    expect(purgedAgain.body.error).toBe('INSTANCE_NOT_FOUND');
  });

  it('answers the rewind URL of a Failed instance, which then runs the failed work again', async () => {
    const payload = await start('FlakyOrchestrator', 'links-rewind', 'a');
    const failed = await pollUntilDone(payload.statusQueryGetUri as string);
    expect(failed.body.runtimeStatus).toBe('Failed');
    flakyWorld.broken = false;
    const rewind = await fetchJson(fillUrl(payload.rewindPostUri as string, { text: 'fixed the step' }), { method: 'POST' });
    expect(rewind.status).toBe(202);
    expect(rewind.body).toEqual({});
    const done = await waitForStatus(payload.statusQueryGetUri as string, ['Completed']);
    expect(done.body.output).toBe('fixed a');
    const history = await fetchJson(`${payload.statusQueryGetUri}&showHistory=true`);
    expect(history.body.historyEvents).toContainEqual(expect.objectContaining({ EventType: 'ExecutionRewound', Reason: 'fixed the step' }));
  });

  it('raise event: 404 unknown, 410 finished, 415 for content that is not JSON, 400 for invalid JSON, and a refused request changes nothing', async () => {
    await start('ApprovalOrchestrator', 'raise-1');
    await waiting('raise-1');
    const before = await historyLength('raise-1');
    const post = (path: string, init: RequestInit = {}): Promise<JsonResponse> => fetchJson(url(path), { method: 'POST', ...init });

    const unknown = await post('/instances/nobody/raiseEvent/Approval', { headers: JSON_HEADERS, body: '1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('INSTANCE_NOT_FOUND');
    for (const [init, code, status] of [
      [{ headers: { 'content-type': 'text/plain' }, body: '"yes"' }, 'UNSUPPORTED_CONTENT_TYPE', 415],
      [{ body: '"yes"' }, 'UNSUPPORTED_CONTENT_TYPE', 415], // fetch sends a string as text/plain
      [{ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, 'UNSUPPORTED_CONTENT_TYPE', 415],
      [{ headers: JSON_HEADERS, body: '{"by":' }, 'INVALID_JSON', 400],
      [{ headers: JSON_HEADERS, body: '{"__proto__":{"x":1}}' }, 'INVALID_JSON', 400],
    ] as const) {
      const res = await post('/instances/raise-1/raiseEvent/Approval', init);
      expect(res.status, JSON.stringify(init)).toBe(status);
      expect(res.body.error).toBe(code);
    }
    const badId = await post('/instances/%40raise-1/raiseEvent/Approval', { headers: JSON_HEADERS, body: '1' });
    expect(badId.status).toBe(400);
    expect(badId.body.error).toBe('INVALID_INSTANCE_ID');
    const badHub = await post('/instances/raise-1/raiseEvent/Approval?taskHub=Other', { headers: JSON_HEADERS, body: '1' });
    expect(badHub.status).toBe(404);
    expect(badHub.body.error).toBe('TASK_HUB_NOT_FOUND');
    expect(await historyLength('raise-1')).toBe(before);
    expect((await t.host.storage.getInstance('raise-1'))?.runtimeStatus).toBe('Running');

    // Event names are case-insensitive; a request without a body raises the event without data.
    const ok = await post('/instances/raise-1/raiseEvent/APPROVAL');
    expect(ok.status).toBe(202);
    const done = await pollUntilDone(url('/instances/raise-1'));
    expect(done.body.output).toEqual({ approval: null });

    const gone = await post('/instances/raise-1/raiseEvent/Approval', { headers: JSON_HEADERS, body: '2' });
    expect(gone.status).toBe(410);
    expect(gone.body.error).toBe('INSTANCE_NOT_RUNNING');
    expect(gone.body.message).toContain('Completed');
  });

  it('raise event passes any JSON value, null included, to the orchestration', async () => {
    for (const [id, body, expected] of [
      ['raise-null', 'null', null],
      ['raise-text', '"yes"', 'yes'],
      ['raise-deep', JSON.stringify({ a: [1, { b: [true, null, 'é€😀'] }] }), { a: [1, { b: [true, null, 'é€😀'] }] }],
    ] as const) {
      await start('ApprovalOrchestrator', id);
      const res = await fetchJson(url(`/instances/${id}/raiseEvent/Approval`), { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
      expect(res.status).toBe(202);
      expect((await pollUntilDone(url(`/instances/${id}`))).body.output).toEqual({ approval: expected });
    }
  });

  it('terminate, suspend and resume: 202 while live, 404 unknown, 410 finished; the reason is the termination output', async () => {
    await start('ApprovalOrchestrator', 'ops-1');
    await waiting('ops-1');
    for (const op of ['terminate', 'suspend', 'resume']) {
      const unknown = await fetchJson(url(`/instances/nobody/${op}?reason=x`), { method: 'POST' });
      expect(unknown.status, op).toBe(404);
      expect(unknown.body.error).toBe('INSTANCE_NOT_FOUND');
    }
    expect((await fetchJson(url('/instances/ops-1/suspend'), { method: 'POST' })).status).toBe(202);
    await waitForStatus(url('/instances/ops-1'), ['Suspended']);
    expect((await fetchJson(url('/instances/ops-1/suspend?reason=twice'), { method: 'POST' })).status).toBe(202);
    const twice = await fetchJson(url('/instances/ops-1/terminate?reason=a&reason=b'), { method: 'POST' });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toBe('INVALID_QUERY_PARAMETER');
    expect((await t.host.storage.getInstance('ops-1'))?.runtimeStatus).toBe('Suspended');

    const terminate = await fetchJson(url('/instances/ops-1/TERMINATE?reason=changed%20my%20mind'), { method: 'POST' });
    expect(terminate.status).toBe(202);
    const done = await pollUntilDone(url('/instances/ops-1'));
    expect(done.body).toMatchObject({ runtimeStatus: 'Terminated', output: 'changed my mind' });
    for (const op of ['terminate', 'suspend', 'resume']) {
      const gone = await fetchJson(url(`/instances/ops-1/${op}`), { method: 'POST' });
      expect(gone.status, op).toBe(410);
      expect(gone.body.error).toBe('INSTANCE_NOT_RUNNING');
    }
  });

  it('rewind: 404 unknown, 410 for a Completed or Terminated instance, 412 for a live one', async () => {
    const unknown = await fetchJson(url('/instances/nobody/rewind'), { method: 'POST' });
    expect(unknown.status).toBe(404);
    await start('EchoOrchestrator', 'rewind-done', 1);
    await pollUntilDone(url('/instances/rewind-done'));
    const completed = await fetchJson(url('/instances/rewind-done/rewind?reason=x'), { method: 'POST' });
    expect(completed.status).toBe(410);
    expect(completed.body.error).toBe('INSTANCE_NOT_FAILED');
    expect(completed.body.message).toContain('Completed');

    await start('ApprovalOrchestrator', 'rewind-live');
    await waiting('rewind-live');
    const live = await fetchJson(url('/instances/rewind-live/rewind'), { method: 'POST' });
    expect(live.status).toBe(412);
    expect(live.body.error).toBe('INSTANCE_NOT_FAILED');
    expect((await fetchJson(url('/instances/rewind-live/terminate'), { method: 'POST' })).status).toBe(202);
    await waitForStatus(url('/instances/rewind-live'), ['Terminated']);
    expect((await fetchJson(url('/instances/rewind-live/rewind'), { method: 'POST' })).status).toBe(410);
  });

  it('restart: a new id by default, the same id with restartWithNewInstanceId=false once finished, 409 while live, 404 unknown', async () => {
    await start('EchoOrchestrator', 'restart-1', { n: 1 });
    await pollUntilDone(url('/instances/restart-1'));
    const same = await fetchJson(url('/instances/restart-1/restart?restartWithNewInstanceId=false'), { method: 'POST' });
    expect(same.status).toBe(202);
    expect(same.body.id).toBe('restart-1');
    expect((await pollUntilDone(same.body.statusQueryGetUri as string)).body.output).toEqual({ received: { n: 1 } });

    await start('ApprovalOrchestrator', 'restart-live');
    const conflict = await fetchJson(url('/instances/restart-live/restart?restartWithNewInstanceId=false'), { method: 'POST' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toBe('INSTANCE_ALREADY_EXISTS');
    const fresh = await fetchJson(url('/instances/restart-live/restart?restartWithNewInstanceId=true'), { method: 'POST' });
    expect(fresh.status).toBe(202);
    expect(fresh.body.id).not.toBe('restart-live');

    expect((await fetchJson(url('/instances/nobody/restart'), { method: 'POST' })).status).toBe(404);
    const bad = await fetchJson(url('/instances/restart-1/restart?restartWithNewInstanceId=maybe'), { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('INVALID_QUERY_PARAMETER');
  });

  it('purge one: 412 for an instance that has not finished (it stays), 404 unknown, 400 for an invalid id', async () => {
    await start('ApprovalOrchestrator', 'purge-live');
    const live = await fetchJson(url('/instances/purge-live'), { method: 'DELETE' });
    expect(live.status).toBe(412);
    expect(live.body.error).toBe('INSTANCE_STILL_RUNNING');
    expect(await t.host.storage.getInstance('purge-live')).toBeDefined();
    expect((await fetchJson(url('/instances/nobody'), { method: 'DELETE' })).status).toBe(404);
    const bad = await fetchJson(url('/instances/%40entity'), { method: 'DELETE' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('INVALID_INSTANCE_ID');
  });

  it('starts with the version of the version= query parameter, as the extension reads it', async () => {
    const res = await fetchJson(url('/orchestrators/EchoOrchestrator/versioned?version=2.1'), { method: 'POST' });
    expect(res.status).toBe(202);
    expect((await t.host.storage.getInstance('versioned'))?.version).toBe('2.1');
  });

  it('serves the same API under /durabletask, the path of the extension’s local RPC endpoint', async () => {
    const res = await fetchJson(`${t.url}/durabletask/orchestrators/ApprovalOrchestrator/rpc-1`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.body.statusQueryGetUri).toBe(`${t.url}${API}/instances/rpc-1?taskHub=TestHub`);
    await waiting('rpc-1');
    expect((await fetchJson(`${t.url}/durabletask/instances/rpc-1/raiseEvent/Approval`, { method: 'POST', headers: JSON_HEADERS, body: '7' })).status).toBe(202);
    expect((await pollUntilDone(`${t.url}/durabletask/instances/rpc-1`)).body.output).toEqual({ approval: 7 });
    const list = await fetchJson(`${t.url}/durabletask/instances?instanceIdPrefix=rpc-`);
    expect((list.body as unknown as { instanceId: string }[]).map((s) => s.instanceId)).toEqual(['rpc-1']);
    expect((await fetchJson(`${t.url}/durabletask/instances/rpc-1`, { method: 'DELETE' })).body).toEqual({ instancesDeleted: 1 });
  });
});

describe('built-in API: get all instances status', () => {
  let t: HttpTestHost;
  const url = (path: string): string => `${t.url}${API}${path}`;
  type Status = Record<string, unknown> & { instanceId: string };
  const list = async (query: string, headers: Record<string, string> = {}): Promise<{ res: JsonResponse; items: Status[] }> => {
    const res = await fetchJson(url(`/instances${query}`), { headers });
    return { res, items: (Array.isArray(res.body) ? res.body : []) as Status[] };
  };

  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions] });
    holdGate.reset();
    for (let i = 0; i < 7; i++) {
      await fetchJson(url(`/orchestrators/EchoOrchestrator/q-done-${i}`), { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ i }) });
    }
    await fetchJson(url('/orchestrators/HeldOrchestrator/q-held'), { method: 'POST', headers: JSON_HEADERS, body: '"h"' });
    await fetchJson(url('/orchestrators/ExplodingOrchestrator/q-failed'), { method: 'POST', headers: JSON_HEADERS, body: '"fly"' });
    for (let i = 0; i < 7; i++) await pollUntilDone(url(`/instances/q-done-${i}`));
    await pollUntilDone(url('/instances/q-failed'));
  });
  afterAll(async () => {
    holdGate.release();
    await t.dispose();
  });

  it('answers 200 with an array of statuses in the shape of the single-instance status', async () => {
    const { res, items } = await list('?instanceIdPrefix=q-');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-ms-continuation-token')).toBeNull();
    expect(items.map((s) => s.instanceId).sort()).toEqual([...Array.from({ length: 7 }, (_, i) => `q-done-${i}`), 'q-failed', 'q-held'].sort());
    const single = await fetchJson(url('/instances/q-done-3'));
    expect(items.find((s) => s.instanceId === 'q-done-3')).toEqual(single.body);
    expect(Object.keys(single.body).sort()).toEqual(['createdTime', 'customStatus', 'historyEvents', 'input', 'instanceId', 'lastUpdatedTime', 'name', 'output', 'runtimeStatus']);
    const failed = items.find((s) => s.instanceId === 'q-failed');
    expect(failed).toEqual((await fetchJson(url('/instances/q-failed'))).body);
  });

  it('filters by runtimeStatus (a comma-separated list, any case), instanceIdPrefix and creation time', async () => {
    const running = await list('?runtimeStatus=Running,Pending&instanceIdPrefix=q-');
    expect(running.items.map((s) => s.instanceId)).toEqual(['q-held']);
    const repeated = await list('?runtimeStatus=failed&runtimeStatus=RUNNING&instanceIdPrefix=q-');
    expect(repeated.items.map((s) => s.instanceId).sort()).toEqual(['q-failed', 'q-held']);
    const canceled = await list('?runtimeStatus=Canceled');
    expect(canceled.res.status).toBe(200);
    expect(canceled.items).toEqual([]);
    const prefix = await list('?instanceIdPrefix=q-done-');
    expect(prefix.items).toHaveLength(7);

    const all = (await list('?instanceIdPrefix=q-')).items;
    const times = all.map((s) => Date.parse(String(s.createdTime)));
    const future = new Date(Math.max(...times) + 60_000).toISOString();
    expect((await list(`?createdTimeFrom=${future}`)).items).toEqual([]);
    expect((await list(`?createdTimeTo=2000-01-01T00:00:00Z`)).items).toEqual([]);
    const window = await list(`?createdTimeFrom=2000-01-01&createdTimeTo=${encodeURIComponent(future.replace('Z', '+00:00'))}&instanceIdPrefix=q-`);
    expect(window.items).toHaveLength(9);
  });

  it('hides inputs with showInput=false', async () => {
    const { items } = await list('?instanceIdPrefix=q-done-&showInput=false');
    expect(items.every((s) => s.input === null)).toBe(true);
    const shown = await list('?instanceIdPrefix=q-done-0');
    expect(shown.items[0]?.input).toEqual({ i: 0 });
  });

  it('pages with top and the x-ms-continuation-token header, neither skipping nor repeating', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page = await list('?instanceIdPrefix=q-&top=2', token === null ? {} : { 'x-ms-continuation-token': token });
      expect(page.res.status).toBe(200);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.instanceId));
      token = page.res.headers.get('x-ms-continuation-token');
      pages++;
    } while (token !== null && pages < 20);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(9);
    expect(seen).toHaveLength(9);
  });

  it('400 for a bad top, timestamp, status, prefix or continuation token, naming the parameter', async () => {
    for (const [query, name] of [
      ['?top=0', 'top'],
      ['?top=-1', 'top'],
      ['?top=ten', 'top'],
      ['?top=1.5', 'top'],
      ['?createdTimeFrom=yesterday', 'createdTimeFrom'],
      ['?createdTimeTo=2023-02-29T00:00:00Z', 'createdTimeTo'],
      ['?createdTimeFrom=2024-01-01T25:00:00Z', 'createdTimeFrom'],
      ['?runtimeStatus=Running,Sleeping', 'runtimeStatus'],
      [`?instanceIdPrefix=${'x'.repeat(257)}`, 'instanceIdPrefix'],
      ['?instanceIdPrefix=a%00b', 'instanceIdPrefix'],
      ['?showInput=sometimes', 'showInput'],
      ['?top=1&top=2', 'top'],
    ] as const) {
      const { res } = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toBe('INVALID_QUERY_PARAMETER');
      expect(res.body.message, query).toContain(name);
    }
    const token = await list('', { 'x-ms-continuation-token': 'not-a-token' });
    expect(token.res.status).toBe(400);
    expect(token.res.body.error).toBe('INVALID_ARGUMENT');
  });

  it('takes a top above 1000 as pages of 1000 (fewer items than top is documented)', async () => {
    const { res, items } = await list('?top=5000&instanceIdPrefix=q-');
    expect(res.status).toBe(200);
    expect(items).toHaveLength(9);
  });
});

describe('built-in API: purge instance histories by filter', () => {
  let t: HttpTestHost;
  const url = (path: string): string => `${t.url}${API}${path}`;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions] });
    holdGate.reset();
  });
  afterAll(async () => {
    holdGate.release();
    await t.dispose();
  });

  it('400 without createdTimeFrom or with a bad filter, and nothing is purged', async () => {
    await fetchJson(url('/orchestrators/EchoOrchestrator/p-keep'), { method: 'POST' });
    await pollUntilDone(url('/instances/p-keep'));
    for (const query of ['', '?createdTimeTo=2100-01-01T00:00:00Z', '?createdTimeFrom=', '?createdTimeFrom=01/02/2024', '?createdTimeFrom=2000-01-01&runtimeStatus=Done']) {
      const res = await fetchJson(url(`/instances${query}`), { method: 'DELETE' });
      expect(res.status, query).toBe(400);
      expect(res.body.error).toBe('INVALID_QUERY_PARAMETER');
    }
    expect(await t.host.storage.getInstance('p-keep')).toBeDefined();
  });

  it('404 when no finished instance matches, 200 with instancesDeleted otherwise; live instances stay', async () => {
    await fetchJson(url('/orchestrators/HeldOrchestrator/p-live'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"x"' });
    for (const id of ['p-a', 'p-b']) {
      await fetchJson(url(`/orchestrators/EchoOrchestrator/${id}`), { method: 'POST' });
      await pollUntilDone(url(`/instances/${id}`));
    }
    const none = await fetchJson(url('/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Running,Pending'), { method: 'DELETE' });
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('NO_MATCHING_INSTANCES');
    const canceled = await fetchJson(url('/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Canceled'), { method: 'DELETE' });
    expect(canceled.status).toBe(404);
    const past = await fetchJson(url('/instances?createdTimeFrom=2000-01-01T00:00:00Z&createdTimeTo=2001-01-01T00:00:00Z'), { method: 'DELETE' });
    expect(past.status).toBe(404);

    const purged = await fetchJson(url('/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Completed'), { method: 'DELETE' });
    expect(purged.status).toBe(200);
    expect(purged.body).toEqual({ instancesDeleted: 3 });
    expect(await t.host.storage.getInstance('p-a')).toBeUndefined();
    expect(await t.host.storage.getInstance('p-live')).toBeDefined();
    const again = await fetchJson(url('/instances/?createdTimeFrom=2000-01-01T00:00:00Z'), { method: 'DELETE' });
    expect(again.status).toBe(404);
  });
});
