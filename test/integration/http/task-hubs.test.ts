import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import { createInstanceTokens } from '../../../src/http/instance-token';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { startTestHost, type TestHost } from '../../support/test-host';
import { fetchJson, fillUrl, pollUntilDone, startHttpTestHost, waitForStatus, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Only the home app has it. */
@Orchestrator('HomeOnly')
class HomeOnly {
  async run(): Promise<string> {
    return 'home';
  }
}

/** Only the other app has it: waits for `Go`, then returns its input and the event's data. */
@Orchestrator('OtherAppWaiter')
class OtherAppWaiter {
  async run(ctx: OrchestrationContext<unknown>): Promise<unknown> {
    ctx.setCustomStatus('waiting');
    const go = await ctx.waitForExternalEvent<unknown>('Go');
    return { input: ctx.getInput(), go };
  }
}

/** A hub name no earlier run used (the PostgreSQL database outlives test runs). */
const hubName = (prefix: string): string => `${prefix}${randomBytes(5).toString('hex')}`;

/**
 * Two apps on one storage, each with its own task hub and workers. The home app's HTTP server
 * answers for the other hub when `taskHub=` names it, as Durable Functions' cross-app clients use
 * it; the other hub's own workers run what is started there.
 */
function taskHubSuite(provider: string, storage: () => Record<string, unknown>): void {
  describe(`several task hubs over the built-in HTTP API (${provider})`, () => {
    let home: HttpTestHost;
    let other: TestHost;
    const homeHub = hubName('Home');
    const otherHub = hubName('Other');
    const url = (path: string, query = ''): string => `${home.url}${API}${path}?${query}`;

    beforeAll(async () => {
      const shared = storage();
      home = await startHttpTestHost({ functions: [HomeOnly], durableTask: { hubName: homeHub, ...shared } });
      // Same SQLite file (the home host's folder) or the same PostgreSQL schema, another hub.
      other = await startTestHost([OtherAppWaiter], { hubName: otherHub, ...shared }, { dir: home.dir });
    });
    afterAll(async () => {
      await other?.stop();
      await home?.dispose();
    });

    it("starts, steers and purges an instance of the other hub through the home server, with that hub's URLs", async () => {
      const started = await fetchJson(url('/orchestrators/OtherAppWaiter/cross-1', `taskHub=${otherHub}`), { method: 'POST', headers: JSON_HEADERS, body: '{"order":7}' });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const payload = started.body as Record<string, string>;
      for (const link of Object.values(payload).filter((v) => v.startsWith('http'))) expect(link).toContain(`taskHub=${otherHub}`);

      // The other app's worker runs it; the home app never heard of OtherAppWaiter.
      await waitForStatus(payload.statusQueryGetUri as string, ['Running'], (b) => b.customStatus === 'waiting');
      expect(await home.host.client.getStatus('cross-1')).toBeUndefined();
      const listed = await fetchJson(url('/instances', `taskHub=${otherHub}`));
      expect((listed.body as unknown as Array<{ instanceId: string }>).map((s) => s.instanceId)).toEqual(['cross-1']);
      expect((await fetchJson(url('/instances'))).body).toEqual([]);

      const raised = await fetchJson(fillUrl(payload.sendEventPostUri as string, { eventName: 'Go' }), { method: 'POST', headers: JSON_HEADERS, body: '"now"' });
      expect(raised.status).toBe(202);
      const done = await pollUntilDone(payload.statusQueryGetUri as string);
      expect(done.body).toMatchObject({ runtimeStatus: 'Completed', output: { input: { order: 7 }, go: 'now' } });
      expect(await other.host.client.getStatus('cross-1')).toMatchObject({ runtimeStatus: 'Completed' });

      const purged = await fetchJson(payload.purgeHistoryDeleteUri as string, { method: 'DELETE' });
      expect(purged.body).toEqual({ instancesDeleted: 1 });
      expect(await other.host.client.getStatus('cross-1')).toBeUndefined();
    });

    it('accepts connection= (there is one storage) and answers the own hub as before', async () => {
      const started = await fetchJson(url('/orchestrators/HomeOnly/home-1', `taskHub=${homeHub}&connection=Storage`), { method: 'POST' });
      expect(started.status).toBe(202);
      const done = await pollUntilDone(url('/instances/home-1', 'connection=AzureWebJobsStorage'));
      expect(done.body).toMatchObject({ runtimeStatus: 'Completed', output: 'home' });
    });

    it('answers 404 TASK_HUB_NOT_FOUND for a hub the storage does not hold, and changes nothing', async () => {
      const missing = hubName('Missing');
      for (const [method, path] of [
        ['POST', '/orchestrators/HomeOnly/nowhere-1'],
        ['GET', '/instances/nowhere-1'],
        ['GET', '/instances'],
        ['POST', '/instances/nowhere-1/terminate'],
      ] as const) {
        const res = await fetchJson(url(path, `taskHub=${missing}`), { method, ...(method === 'POST' ? { headers: JSON_HEADERS } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error).toBe('TASK_HUB_NOT_FOUND');
        expect(String(res.body.message)).toContain(`'${missing}' does not exist`);
      }
      const invalid = await fetchJson(url('/instances', 'taskHub=not_a%20hub'));
      expect(invalid.body.error).toBe('TASK_HUB_NOT_FOUND');
      expect(await home.host.client.listTaskHubs()).not.toContain(missing);
      expect(await home.host.client.getStatus('nowhere-1')).toBeUndefined();
    });

    it('binds a client to another hub, lists the hubs, and deletes one hub without touching the others', async () => {
      const doomedHub = hubName('Doomed');
      const doomed = home.host.client.forHub(doomedHub);
      expect(doomed.taskHubName).toBe(doomedHub);
      await doomed.startNew('NobodyRunsThis', { instanceId: 'left-behind', input: 1 });
      expect(await doomed.getStatus('left-behind')).toMatchObject({ name: 'NobodyRunsThis', runtimeStatus: 'Pending' });
      expect(await home.host.client.listTaskHubs()).toEqual(expect.arrayContaining([homeHub, otherHub, doomedHub]));
      expect((await fetchJson(url('/instances/left-behind', `taskHub=${doomedHub}`))).body).toMatchObject({ runtimeStatus: 'Pending' });

      const survivor = await other.host.client.startNew('OtherAppWaiter', { instanceId: 'survivor' });
      await doomed.deleteHub();
      expect(await home.host.client.listTaskHubs()).not.toContain(doomedHub);
      expect(await doomed.getStatus('left-behind')).toBeUndefined();
      expect((await fetchJson(url('/instances/left-behind', `taskHub=${doomedHub}`))).body.error).toBe('TASK_HUB_NOT_FOUND');
      expect(await home.host.client.forHub(otherHub).getStatus(survivor)).toBeDefined();
      await other.host.client.terminate(survivor, 'test over');

      expect(() => home.host.client.forHub('no spaces')).toThrow(/task hub name/);
    });
  });
}

taskHubSuite('SQLite', () => ({}));

describe('instance tokens of another task hub', () => {
  const SYSTEM_KEY = 'system-key-for-hub-tokens-0123456789';
  let home: HttpTestHost;
  let other: TestHost;
  beforeAll(async () => {
    home = await startHttpTestHost({ functions: [HomeOnly], systemKey: SYSTEM_KEY, durableTask: { hubName: 'HomeHub' } });
    other = await startTestHost([OtherAppWaiter], { hubName: 'OtherHub' }, { dir: home.dir });
  });
  afterAll(async () => {
    await other?.stop();
    await home?.dispose();
  });

  it("opens an instance of the hub it was issued for, and not the same id in the server's own hub", async () => {
    await other.host.client.startNew('OtherAppWaiter', { instanceId: 'tok-1' });
    await home.host.client.startNew('HomeOnly', { instanceId: 'tok-1' });
    const token = createInstanceTokens(SYSTEM_KEY, 'OtherHub').issue('tok-1');
    const status = (query: string) => fetchJson(`${home.url}${API}/instances/tok-1?${query}`);
    expect((await status(`taskHub=OtherHub&code=${encodeURIComponent(token)}`)).body).toMatchObject({ name: 'OtherAppWaiter' });
    expect((await status(`code=${encodeURIComponent(token)}`)).status).toBe(401);
    expect((await status(`taskHub=OtherHub`)).status).toBe(401);
    // Without the system key, whether a hub exists is not revealed.
    expect((await status('taskHub=NoSuchHub')).status).toBe(401);
    await other.host.client.terminate('tok-1', 'test over');
  });
});

describeIfPostgres('several task hubs on PostgreSQL', () => {
  taskHubSuite('PostgreSQL', () => ({ storageProvider: { type: 'postgres', connectionString: testPostgresUrl() } }));
});
