import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';
import { flakyWorld } from '../http/http-fixtures';
import { cli, startCliHarness, type CliHarness } from './cli-harness';

/**
 * Every verb of the `durable` command on a hub a running host works on, locally (host.json in the
 * working directory) and remotely (`--url` against the host's HTTP API): exit codes, and `--json`
 * answers equal to what the HTTP API answers for the same instance.
 */
function cliVerbSuite(provider: string, durableTask: () => Record<string, unknown>): void {
  describe(`durable CLI verbs on ${provider}`, () => {
    let h: CliHarness;
    let emptyDir: string;
    beforeAll(async () => {
      emptyDir = mkdtempSync(join(tmpdir(), 'durable-cli-empty-'));
      h = await startCliHarness(durableTask(), emptyDir);
    });
    afterAll(async () => {
      await h?.stop();
      rmSync(emptyDir, { recursive: true, force: true });
    });

    it('start-new, get-runtime-status, raise-event and get-history, with the HTTP API\'s JSON', async () => {
      expect(await h.local('start-new', '--function-name', 'ApprovalOrchestrator', '--id', 'appr', '--input', '"order-1"')).toMatchObject({ code: 0, out: 'appr' });
      await waitFor(async () => ((await h.json('get-runtime-status', '--id', 'appr')) as { customStatus: unknown }).customStatus === 'waiting', 'appr waiting');
      const local = await h.json('get-runtime-status', '--id', 'appr', '--show-input');
      expect(local).toMatchObject({ instanceId: 'appr', runtimeStatus: 'Running', input: 'order-1', customStatus: 'waiting' });
      expect(local).toEqual((await h.api('/instances/appr', { showInput: 'true' })).body);
      const remote = await h.remote('get-runtime-status', '--id', 'appr', '--show-input', '--json');
      expect(JSON.parse(remote.out)).toEqual(local);

      expect(await h.local('raise-event', '--id', 'appr', '--event-name', 'Approval', '--event-data', '{"ok":true}')).toMatchObject({ code: 0 });
      await h.waitForStatus('appr', 'Completed');
      const history = (await h.json('get-history', '--id', 'appr')) as Record<string, unknown>[];
      const http = (await h.api('/instances/appr', { showHistory: 'true', showHistoryOutput: 'true', showInput: 'true' })).body as { historyEvents: unknown };
      expect(history).toEqual(http.historyEvents);
      expect(history.map((event) => event.EventType)).toEqual(['ExecutionStarted', 'EventRaised', 'ExecutionCompleted']);
      expect(JSON.parse((await h.remote('get-history', '--id', 'appr', '--json')).out)).toEqual(history);
      const table = await h.local('get-history', '--id', 'appr');
      expect(table.out.split('\n')[0]).toMatch(/^TIMESTAMP\s+EVENT\s+NAME/);
      expect(table.out).toContain('EventRaised');
    });

    it('get-instances filters and pages, locally and remotely, with the HTTP list\'s fields', async () => {
      await h.local('start-new', '--function-name', 'EchoOrchestrator', '--id', 'echo-1', '--input', '1');
      await h.local('start-new', '--function-name', 'EchoOrchestrator', '--id', 'echo-2', '--input', '2');
      await h.waitForStatus('echo-1', 'Completed');
      await h.waitForStatus('echo-2', 'Completed');
      const page = (await h.json('get-instances', '--prefix', 'echo-', '--runtime-status', 'completed')) as { instances: { instanceId: string }[] };
      expect(page.instances.map((i) => i.instanceId)).toEqual(['echo-1', 'echo-2']);
      expect(page.instances).toEqual((await h.api('/instances', { instanceIdPrefix: 'echo-', runtimeStatus: 'Completed', showInput: 'false' })).body);
      const first = (await h.json('get-instances', '--prefix', 'echo-', '--top', '1')) as { instances: { instanceId: string }[]; continuationToken: string };
      expect(first.instances.map((i) => i.instanceId)).toEqual(['echo-1']);
      const second = (await h.json('get-instances', '--prefix', 'echo-', '--top', '1', '--continuation-token', first.continuationToken)) as { instances: { instanceId: string }[] };
      expect(second.instances.map((i) => i.instanceId)).toEqual(['echo-2']);
      const remote = JSON.parse((await h.remote('get-instances', '--prefix', 'echo-', '--top', '1', '--json')).out) as { instances: unknown[]; continuationToken?: string };
      expect(remote.instances).toEqual(first.instances);
      expect(remote.continuationToken).toEqual(expect.any(String));
      const human = await h.local('get-instances', '--prefix', 'echo-', '--created-after', '2000-01-01');
      expect(human.out.split('\n')[0]).toMatch(/^INSTANCE\s+NAME\s+STATUS\s+CREATED\s+UPDATED$/);
      expect(human.out).toMatch(/echo-1\s+EchoOrchestrator\s+Completed\s+(just now|\d+s ago)/);
    });

    it('suspend, resume, terminate and restart, locally and remotely', async () => {
      await h.local('start-new', '--function-name', 'ApprovalOrchestrator', '--id', 'ops');
      await h.waitForStatus('ops', 'Running');
      expect((await h.local('suspend', '--id', 'ops', '--reason', 'look')).code).toBe(0);
      await h.waitForStatus('ops', 'Suspended');
      expect((await h.remote('resume', '--id', 'ops')).code).toBe(0);
      await h.waitForStatus('ops', 'Running');
      expect((await h.local('terminate', '--id', 'ops', '--reason', 'enough')).code).toBe(0);
      await h.waitForStatus('ops', 'Terminated');
      expect(await h.local('terminate', '--id', 'ops')).toMatchObject({ code: 1, err: expect.stringMatching(/^INSTANCE_NOT_RUNNING: /) });
      expect(await h.remote('terminate', '--id', 'ops')).toMatchObject({ code: 1, err: expect.stringMatching(/^INSTANCE_NOT_RUNNING: /) });

      const restarted = await h.local('restart', '--id', 'ops', '--json');
      const { id } = JSON.parse(restarted.out) as { id: string };
      expect(id).not.toBe('ops');
      await h.waitForStatus(id, 'Running');
      const remoteRestart = await h.remote('restart', '--id', 'ops');
      expect(remoteRestart.code).toBe(0);
      for (const started of [id, remoteRestart.out]) expect((await h.remote('terminate', '--id', started)).code).toBe(0);
    });

    it('rewind brings a Failed instance back', async () => {
      flakyWorld.broken = true;
      await h.local('start-new', '--function-name', 'FlakyOrchestrator', '--id', 'flaky', '--input', '"a"');
      await h.waitForStatus('flaky', 'Failed');
      expect(await h.local('rewind', '--id', 'appr')).toMatchObject({ code: 1, err: expect.stringMatching(/^INSTANCE_NOT_FAILED: /) });
      flakyWorld.broken = false;
      expect((await h.local('rewind', '--id', 'flaky', '--reason', 'fixed')).code).toBe(0);
      await h.waitForStatus('flaky', 'Completed');
    });

    it('purge-history by id and by filter, with a count; live instances are refused', async () => {
      expect(JSON.parse((await h.local('purge-history', '--id', 'echo-1', '--json')).out)).toEqual({ instancesDeleted: 1 });
      expect(await h.local('purge-history', '--id', 'echo-1')).toMatchObject({ code: 1, err: expect.stringMatching(/^INSTANCE_NOT_FOUND: /) });
      await h.local('start-new', '--function-name', 'ApprovalOrchestrator', '--id', 'live');
      expect(await h.local('purge-history', '--id', 'live')).toMatchObject({ code: 1, err: expect.stringMatching(/^INSTANCE_STILL_RUNNING: /) });
      const byFilter = await h.local('purge-history', '--runtime-status', 'Terminated');
      expect(byFilter.code).toBe(0);
      expect(byFilter.out).toMatch(/^Purged [1-9]\d* instances?\.$/);
      expect(JSON.parse((await h.local('get-instances', '--runtime-status', 'Terminated', '--json')).out)).toEqual({ instances: [] });
      expect(JSON.parse((await h.remote('purge-history', '--id', 'echo-2', '--json')).out)).toEqual({ instancesDeleted: 1 });
      expect(JSON.parse((await h.remote('purge-history', '--runtime-status', 'Terminated', '--json')).out)).toEqual({ instancesDeleted: 0 });
      expect((await h.local('get-runtime-status', '--id', 'live')).code).toBe(0);
      await h.local('terminate', '--id', 'live');
    });

    it('signal-entity, get-entity, list-entities and clean-entity-storage', async () => {
      expect((await h.local('signal-entity', '--entity-name', 'Ledger', '--entity-key', 'k1', '--operation', 'append', '--input', '"one"')).code).toBe(0);
      expect((await h.remote('signal-entity', '--entity-name', 'Ledger', '--entity-key', 'k1', '--operation', 'append', '--input', '"two"')).code).toBe(0);
      const state = await waitFor(async () => {
        const run = await h.local('get-entity', '--entity-name', 'Ledger', '--entity-key', 'k1', '--json');
        const value = run.code === 0 ? (JSON.parse(run.out) as { entries: string[] }) : undefined;
        return value?.entries.length === 2 ? value : undefined;
      }, 'two ledger entries');
      expect(state).toEqual({ entries: ['one', 'two'] });
      expect(state).toEqual((await h.api('/entities/ledger/k1')).body);
      expect(JSON.parse((await h.remote('get-entity', '--entity-name', 'Ledger', '--entity-key', 'k1', '--json')).out)).toEqual(state);
      expect(await h.local('get-entity', '--entity-name', 'Ledger', '--entity-key', 'nobody')).toMatchObject({ code: 1, err: expect.stringMatching(/^ENTITY_NOT_FOUND: /) });
      expect(await h.remote('get-entity', '--entity-name', 'Ledger', '--entity-key', 'nobody')).toMatchObject({ code: 1, err: expect.stringMatching(/^ENTITY_NOT_FOUND: /) });

      const listed = (await h.json('list-entities', '--entity-name', 'ledger')) as { entities: unknown[] };
      expect(listed.entities).toEqual((await h.api('/entities/ledger', { fetchState: 'true' })).body);
      expect(JSON.parse((await h.remote('list-entities', '--entity-name', 'ledger', '--json')).out)).toEqual(listed);
      expect((await h.local('list-entities')).out).toMatch(/ledger\s+k1\s+(just now|\d+s ago)\s+\{/);

      expect(await h.json('clean-entity-storage')).toEqual({ numberOfEmptyEntitiesRemoved: expect.any(Number), numberOfOrphanedLocksRemoved: expect.any(Number) });
      expect(JSON.parse((await h.remote('clean-entity-storage', '--json')).out)).toEqual({ numberOfEmptyEntitiesRemoved: expect.any(Number), numberOfOrphanedLocksRemoved: expect.any(Number) });
    });

    it('the remote mode needs the system key the server has, and says so in one line', async () => {
      const run = await cli(emptyDir, {}, ['get-instances', '--url', h.url]);
      expect(run).toMatchObject({ code: 1, err: expect.stringMatching(/^UNAUTHORIZED: /) });
      expect(run.err).not.toContain('\n    at ');
    });

    it('delete-task-hub asks first, refuses without a terminal, and deletes with --yes', async () => {
      await h.stop();
      const dir = h.host.dir;
      expect(await cli(dir, {}, ['delete-task-hub'])).toMatchObject({ code: 1, err: expect.stringMatching(/^CONFIRMATION_REQUIRED: .*--yes/) });
      expect(await cli(dir, {}, ['delete-task-hub'], { confirm: async () => false })).toMatchObject({ code: 1, err: expect.stringMatching(/^CONFIRMATION_REQUIRED: Not confirmed/) });
      expect(JSON.parse((await cli(dir, {}, ['get-instances', '--json'])).out).instances.length).toBeGreaterThan(0);
      let asked = '';
      const deleted = await cli(dir, {}, ['delete-task-hub'], { confirm: async (question) => ((asked = question), true) });
      expect(deleted.code).toBe(0);
      expect(asked).toMatch(/^Delete everything in task hub '\w+'/);
      const after = await cli(dir, {}, ['get-instances', '--json']);
      // SQLite keeps the file (other hubs may share it): an empty hub; PostgreSQL forgets the hub.
      if (after.code === 0) expect(JSON.parse(after.out)).toEqual({ instances: [] });
      else expect(after.err).toMatch(/^HUB_NOT_FOUND: /);
      expect((await cli(dir, {}, ['delete-task-hub', '--yes', '--url', 'http://127.0.0.1:9'])).err).toMatch(/^REMOTE_UNREACHABLE: /);
    });
  });
}

cliVerbSuite('SQLite', () => ({}));

describeIfPostgres('durable CLI on PostgreSQL', () => {
  cliVerbSuite('PostgreSQL', () => ({ hubName: `Cli${randomUUID().replace(/-/g, '').slice(0, 10)}`, storageProvider: { type: 'postgres', connectionString: testPostgresUrl() } }));
});
