/**
 * The independent judge: the official JavaScript client of Azure Durable Functions
 * (`durable-functions` 3.x, unchanged) against our server. Its DurableClient is built the way the
 * package builds it in a function app — `df.getClient(context)` reads the client binding data that
 * the extension hands the worker — in both of the shapes the extension produces:
 * - webhook URLs (`creationUrls`, `managementUrls` with the `INSTANCEID` placeholder, `code=`),
 * - a local RPC base URL (`rpcBaseUrl`: `…/durabletask/`), which the client prefers when present.
 * Its entity calls (signalEntity, readEntityState) drive the samples' Counter entity through both.
 */
import * as df from 'durable-functions';
import type { Logger } from 'durable-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter } from '../../../samples/entities/counter.entity';
import { flakyWorld, holdGate, httpTestFunctions } from './http-fixtures';
import { startHttpTestHost, type HttpTestHost } from './http-test-server';

type ClientContext = Parameters<typeof df.getClient>[0];
type Client = ReturnType<typeof df.getClient>;

const KEY = 'jUdGe-K3y_0123456789';
const INSTANCEID = 'INSTANCEID';

/** The client binding data, as the extension's BindingHelper serializes it for the worker. */
function bindingData(origin: string, options: { systemKey?: string; rpc: boolean }): Record<string, unknown> {
  const base = `${origin}/runtime/webhooks/durabletask`;
  const universal = options.systemKey !== undefined ? `code=${encodeURIComponent(options.systemKey)}` : '';
  const suffix = `taskHub=TestHub&connection=Storage${universal !== '' ? `&${universal}` : ''}`;
  const instance = `${base}/instances/${INSTANCEID}`;
  return {
    taskHubName: 'TestHub',
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${universal}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${universal}`,
    },
    managementUrls: {
      id: INSTANCEID,
      statusQueryGetUri: `${instance}?${suffix}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${suffix}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${suffix}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${suffix}`,
      purgeHistoryDeleteUri: `${instance}?${suffix}`,
      restartPostUri: `${instance}/restart?${suffix}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${suffix}`,
      resumePostUri: `${instance}/resume?reason={text}&${suffix}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: universal,
    ...(options.rpc ? { rpcBaseUrl: `${origin}/durabletask/` } : {}),
  };
}

/** `df.getClient(context)` with a context that carries the binding data as a durableClient input, as the Functions worker fills it. */
function officialClient(data: Record<string, unknown>): Client {
  const clientInput = df.input.durableClient();
  const extraInputs = new Map<unknown, unknown>([[clientInput, data]]);
  const context = { options: { extraInputs: [clientInput] }, extraInputs: { get: (input: unknown) => extraInputs.get(input) } };
  return df.getClient(context as unknown as ClientContext);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const modes = [
  { name: 'webhook URLs with a system key', systemKey: KEY, rpc: false },
  { name: 'the local RPC base URL', systemKey: undefined, rpc: true },
] as const;

describe.each(modes)('the official durable-functions client through $name', (mode) => {
  let t: HttpTestHost;
  let client: Client;
  const previousHostname = process.env.WEBSITE_HOSTNAME;
  const prefix = mode.rpc ? 'rpc' : 'hook';
  /** `METHOD path` of every request the server answered, from its debug log. */
  const requests: string[] = [];
  const logger: Logger = {
    debug: (fields) => {
      if (fields.event === 'http.request.completed') requests.push(`${String(fields.method)} ${String(fields.path)} ${String(fields.statusCode)}`);
    },
    info() {},
    warn() {},
    error() {},
  };

  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...httpTestFunctions, Counter], logger, ...(mode.systemKey !== undefined ? { systemKey: mode.systemKey } : {}) });
    // getClient rewrites URL origins to http://localhost:7071 unless WEBSITE_HOSTNAME names the host, as in Azure.
    process.env.WEBSITE_HOSTNAME = new URL(t.url).host;
    client = officialClient(bindingData(t.url, { rpc: mode.rpc, ...(mode.systemKey !== undefined ? { systemKey: mode.systemKey } : {}) }));
    holdGate.reset();
  });
  afterAll(async () => {
    holdGate.release();
    if (previousHostname === undefined) delete process.env.WEBSITE_HOSTNAME;
    else process.env.WEBSITE_HOSTNAME = previousHostname;
    await t.dispose();
  });

  const waitFor = (id: string, statuses: readonly string[], check: (s: df.DurableOrchestrationStatus) => boolean = () => true): Promise<df.DurableOrchestrationStatus> =>
    until(
      () => client.getStatus(id),
      (s) => statuses.includes(s.runtimeStatus) && check(s),
    );

  it('startNew (input, instance id, version) and getStatus with history', async () => {
    const id = await client.startNew('EchoOrchestrator', { instanceId: `${prefix}-echo`, input: { city: 'Tokyo' }, version: '3.0' });
    expect(id).toBe(`${prefix}-echo`);
    const done = await waitFor(id, ['Completed']);
    expect(done).toMatchObject({ name: 'EchoOrchestrator', instanceId: id, runtimeStatus: 'Completed', input: { city: 'Tokyo' }, output: { received: { city: 'Tokyo' } } });
    expect(done.createdTime).toBeInstanceOf(Date);
    expect(Number.isNaN(done.createdTime.getTime())).toBe(false);
    expect((await t.host.storage.getInstance(id))?.version).toBe('3.0');

    const random = await client.startNew('EchoOrchestrator');
    expect(random).toMatch(/^[0-9a-f]{32}$/);
    // Without an input the client posts '' with Content-Type: application/json, which axios sends as
    // the JSON text "" — so the input is the empty string, as the extension would store it too.
    expect((await waitFor(random, ['Completed'])).input).toBe('');

    // The client reads `history` where the extension (and we) send `historyEvents`
    // (Azure/azure-functions-durable-js#620), so its `history` stays undefined; the request succeeds
    // and the documented field is there, as a direct GET of the same URL shows.
    const withHistory = await client.getStatus(id, { showHistory: true, showHistoryOutput: true });
    expect(withHistory.runtimeStatus).toBe('Completed');
    expect(withHistory.history).toBeUndefined();
    const raw = (await (await fetch(`${client.createHttpManagementPayload(id).statusQueryGetUri}&showHistory=true&showHistoryOutput=true`)).json()) as {
      historyEvents: { EventType: string; Result?: unknown }[];
    };
    expect(raw.historyEvents.map((e) => e.EventType)).toEqual(['ExecutionStarted', 'ExecutionCompleted']);
    expect(raw.historyEvents[1]?.Result).toEqual({ received: { city: 'Tokyo' } });
    await expect(client.getStatus(`${prefix}-nobody`)).rejects.toThrow(/404/);
    await expect(client.startNew('NoSuchOrchestrator')).rejects.toThrow(/400/);
  });

  it('raiseEvent, suspend and resume', async () => {
    const id = await client.startNew('ApprovalOrchestrator', { instanceId: `${prefix}-approval` });
    await waitFor(id, ['Running'], (s) => s.customStatus === 'waiting');
    await client.suspend(id, 'wait a moment');
    await waitFor(id, ['Suspended']);
    await client.raiseEvent(id, 'Approval', { by: 'Ann', notes: ['ok'] });
    await client.resume(id, 'go on');
    const done = await waitFor(id, ['Completed']);
    expect(done.output).toEqual({ approval: { by: 'Ann', notes: ['ok'] } });
    // 410 for a finished instance: the client resolves without error, as it does against Azure.
    await client.raiseEvent(id, 'Approval', 1);
    await client.suspend(id, 'late');
    await expect(client.raiseEvent(`${prefix}-nobody`, 'Approval', 1)).rejects.toThrow(`No instance with ID '${prefix}-nobody' found.`);
  });

  it('terminate with a reason', async () => {
    const id = await client.startNew('HeldOrchestrator', { instanceId: `${prefix}-held`, input: 'x' });
    await waitFor(id, ['Running']);
    await client.terminate(id, 'stopped by the judge');
    const done = await waitFor(id, ['Terminated']);
    expect(done.output).toBe('stopped by the judge');
    await client.terminate(id, 'again');
    await expect(client.terminate(`${prefix}-nobody`, 'x')).rejects.toThrow(/No instance/);
  });

  it('rewind a Failed instance; the client rejects a rewind of an instance that is not Failed', async () => {
    flakyWorld.broken = true;
    const id = await client.startNew('FlakyOrchestrator', { instanceId: `${prefix}-flaky`, input: 'step' });
    await waitFor(id, ['Failed']);
    flakyWorld.broken = false;
    await client.rewind(id, 'fixed it');
    const done = await waitFor(id, ['Completed']);
    expect(done.output).toBe('fixed step');
    await expect(client.rewind(id, 'again')).rejects.toThrow();
    await expect(client.rewind(`${prefix}-nobody`, 'x')).rejects.toThrow();
  });

  it('getStatusBy and getStatusAll, following x-ms-continuation-token across pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push(await client.startNew('EchoOrchestrator', { instanceId: `${prefix}-many-${String(i).padStart(3, '0')}`, input: i }));
    await until(
      () => client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Pending, df.OrchestrationRuntimeStatus.Running] }),
      (live) => live.every((s) => !s.instanceId.startsWith(`${prefix}-many-`)),
    );
    const all = await client.getStatusAll();
    const many = all.filter((s) => s.instanceId.startsWith(`${prefix}-many-`));
    expect(many.map((s) => s.instanceId).sort()).toEqual(ids.sort());
    expect(new Set(all.map((s) => s.instanceId)).size).toBe(all.length);
    expect(many[0]).toMatchObject({ runtimeStatus: 'Completed', name: 'EchoOrchestrator' });

    const completed = await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Completed], createdTimeFrom: new Date(Date.now() - 3_600_000) });
    expect(completed.length).toBeGreaterThanOrEqual(105);
    expect(completed.every((s) => s.runtimeStatus === 'Completed')).toBe(true);
    const none = await client.getStatusBy({ createdTimeTo: new Date('2001-01-01T00:00:00Z') });
    expect(none).toEqual([]);
  });

  it('purgeInstanceHistory and purgeInstanceHistoryBy', async () => {
    const id = await client.startNew('EchoOrchestrator', { instanceId: `${prefix}-purge`, input: 1 });
    await waitFor(id, ['Completed']);
    expect(await client.purgeInstanceHistory(id)).toEqual({ instancesDeleted: 1 });
    expect(await client.purgeInstanceHistory(id)).toEqual({ instancesDeleted: 0 }); // 404 → 0, as the client maps it
    const live = await client.startNew('HeldOrchestrator', { instanceId: `${prefix}-purge-live`, input: 'y' });
    await expect(client.purgeInstanceHistory(live)).rejects.toThrow(/412/);

    const deleted = await client.purgeInstanceHistoryBy({ createdTimeFrom: new Date(Date.now() - 3_600_000), runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] });
    expect(deleted.instancesDeleted).toBeGreaterThanOrEqual(105);
    expect(await client.purgeInstanceHistoryBy({ createdTimeFrom: new Date(Date.now() - 3_600_000), runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] })).toEqual({ instancesDeleted: 0 });
    expect(await t.host.storage.getInstance(live)).toBeDefined();
    expect((await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] })).length).toBe(0);
  });

  it('createHttpManagementPayload gives URLs that work against the server', async () => {
    const id = await client.startNew('ApprovalOrchestrator', { instanceId: `${prefix}-payload` });
    const payload = client.createHttpManagementPayload(id);
    expect(payload.statusQueryGetUri).toBe(`${t.url}/runtime/webhooks/durabletask/instances/${id}?taskHub=TestHub&connection=Storage${mode.systemKey !== undefined ? `&code=${KEY}` : ''}`);
    await until(
      () => fetch(payload.statusQueryGetUri).then((r) => r.json() as Promise<{ customStatus?: unknown }>),
      (b) => b.customStatus === 'waiting',
    );
    const raised = await fetch(payload.sendEventPostUri.replace('{eventName}', 'Approval'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"ok"' });
    expect(raised.status).toBe(202);
    expect((await waitFor(id, ['Completed'])).output).toEqual({ approval: 'ok' });
    const purge = await fetch(payload.purgeHistoryDeleteUri, { method: 'DELETE' });
    expect(await purge.json()).toEqual({ instancesDeleted: 1 });
  });

  it('signalEntity three times and readEntityState until the Counter shows their sum', async () => {
    const steps = new df.EntityId('Counter', `${prefix}-steps`);
    requests.length = 0;
    expect(await client.readEntityState(steps)).toEqual({ entityExists: false, entityState: undefined });
    for (const amount of [1, 2, 3]) await client.signalEntity(steps, 'add', amount);
    const read = await until(
      () => client.readEntityState<{ value: number }>(steps),
      (r) => r.entityExists && r.entityState?.value === 6,
    );
    expect(read).toEqual({ entityExists: true, entityState: { value: 6 } });
    expect(await t.host.client.readEntityState(`@counter@${prefix}-steps`)).toEqual({ entityExists: true, entityState: { value: 6 } });
    // The client calls the entity routes under the base it was given: /durabletask/ (RPC) or the webhook path.
    const base = mode.rpc ? '/durabletask' : '/runtime/webhooks/durabletask';
    expect(requests.slice(0, 4)).toEqual([`GET ${base}/entities/Counter/${prefix}-steps 404`, ...[1, 2, 3].map(() => `POST ${base}/entities/Counter/${prefix}-steps 202`)]);

    // Without content (no body), any case of the names, a key with spaces and Unicode; `delete` removes the state.
    const other = new df.EntityId('COUNTER', `${prefix} clé 2`);
    await client.signalEntity(other, 'ADD', 40);
    await client.signalEntity(other, 'add', 2);
    await until(() => client.readEntityState<{ value: number }>(other), (r) => r.entityState?.value === 42);
    await client.signalEntity(other, 'reset');
    await until(() => client.readEntityState<{ value: number }>(other), (r) => r.entityState?.value === 0);
    await client.signalEntity(other, 'delete');
    await until(() => client.readEntityState(other), (r) => !r.entityExists);

    // An entity name no class declares is refused (404), and nothing is stored for it.
    await expect(client.signalEntity(new df.EntityId('NoSuchEntity', 'k'), 'add', 1)).rejects.toThrow(/unexpected status code: 404/);
    expect(await t.host.storage.getInstance('@nosuchentity@k')).toBeUndefined();
    expect(await client.readEntityState(new df.EntityId('NoSuchEntity', 'k'))).toEqual({ entityExists: false, entityState: undefined });
  });
});
