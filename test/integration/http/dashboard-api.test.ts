import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardAppFunctions } from '../../e2e/dashboard-app';
import { fetchJson, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/dashboard/api';

describe('dashboard JSON routes', () => {
  let h: HttpTestHost;

  beforeAll(async () => {
    h = await startHttpTestHost({ functions: dashboardAppFunctions });
    const client = h.host.client;
    await client.startNew('PaymentWorkflow', { instanceId: 'pay-1', input: 'pay-1' });
    await client.startNew('PaymentWorkflow', { instanceId: 'pay-2', input: 'pay-2' });
    await client.startNew('ShipOrder', { instanceId: 'ship-1', input: 'ship-1' });
    await client.signalEntity('@counter@a', 'add', 2);
    for (const id of ['pay-1', 'pay-2', 'ship-1']) await client.waitForCompletion(id, { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await h?.dispose();
  });

  it('lists instances by orchestration name (any case), with the API’s other filters and field names', async () => {
    const byName = await fetchJson(`${h.url}${API}/instances?name=paymentworkflow`);
    expect(byName.status).toBe(200);
    const rows = byName.body as unknown as { instanceId: string; name: string; runtimeStatus: string }[];
    expect(rows.map((r) => r.instanceId).sort()).toEqual(['pay-1', 'pay-2']);
    expect(rows[0]).toMatchObject({ name: 'PaymentWorkflow', runtimeStatus: 'Failed' });

    const narrowed = await fetchJson(`${h.url}${API}/instances?name=PaymentWorkflow&instanceIdPrefix=pay-2`);
    expect((narrowed.body as unknown as { instanceId: string }[]).map((r) => r.instanceId)).toEqual(['pay-2']);
    const none = await fetchJson(`${h.url}${API}/instances?name=ShipOrder&runtimeStatus=Failed`);
    expect(none.body).toEqual([]);
  });

  it('pages a name-filtered list with the continuation tokens of the underlying query', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await fetchJson(`${h.url}${API}/instances?name=PaymentWorkflow&top=1`, token !== undefined ? { headers: { 'x-ms-continuation-token': token } } : {});
      seen.push(...(page.body as unknown as { instanceId: string }[]).map((r) => r.instanceId));
      token = page.headers.get('x-ms-continuation-token') ?? undefined;
      pages++;
    } while (token !== undefined && pages < 10);
    expect(seen.sort()).toEqual(['pay-1', 'pay-2']);
    expect(pages).toBeGreaterThanOrEqual(3); // one instance per page of the query, one of them ShipOrder's
  });

  it('refuses a bad filter with the API’s error shape', async () => {
    const response = await fetchJson(`${h.url}${API}/instances?name=${'x'.repeat(300)}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('INVALID_QUERY_PARAMETER');
    expect((await fetchJson(`${h.url}${API}/instances?runtimeStatus=Sleeping`)).status).toBe(400);
  });

  it('answers an instance’s timeline, and 404 for an unknown one', async () => {
    const timeline = await fetchJson(`${h.url}${API}/instances/pay-1/timeline`);
    expect(timeline.status).toBe(200);
    const spans = timeline.body.spans as { kind: string; name: string; outcome: string; failure?: string }[];
    expect(spans.find((s) => s.kind === 'activity')).toMatchObject({ name: 'ChargeCard', outcome: 'failed', failure: 'card declined for pay-1' });
    expect(timeline.body.children).toEqual([]);
    expect((await fetchJson(`${h.url}${API}/instances/nope/timeline`)).status).toBe(404);
  });

  it('answers one entity’s state and last operation time, 404 without state, 400 for a bad id', async () => {
    const entity = await fetchJson(`${h.url}${API}/entities/Counter/a`);
    expect(entity.status).toBe(200);
    expect(entity.body).toMatchObject({ entityId: { name: 'counter', key: 'a' }, state: { value: 2 } });
    expect(Number.isNaN(Date.parse(String(entity.body.lastOperationTime)))).toBe(false);
    expect((await fetchJson(`${h.url}${API}/entities/Counter/nobody`)).status).toBe(404);
    expect((await fetchJson(`${h.url}${API}/entities/a@b/k`)).status).toBe(400);
  });
});
