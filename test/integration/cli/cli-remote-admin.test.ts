import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/http/http-server';
import { hubAdministration } from '../../../src/host/hub-administration';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { silentLogger } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { cli, startCliHarness, type CliHarness } from './cli-harness';

/** clean-entity-storage and delete-task-hub with --url: the admin routes, which need the system key. */
function remoteAdminSuite(provider: string, durableTask: () => Record<string, unknown>): void {
  describe(`durable clean-entity-storage / delete-task-hub --url on ${provider}`, () => {
    let h: CliHarness;
    let emptyDir: string;
    beforeAll(async () => {
      emptyDir = mkdtempSync(join(tmpdir(), 'durable-cli-admin-'));
      h = await startCliHarness(durableTask(), emptyDir);
    });
    afterAll(async () => {
      await h?.stop();
      rmSync(emptyDir, { recursive: true, force: true });
    });

    it('clean-entity-storage removes an empty entity through the server', async () => {
      expect((await h.remote('signal-entity', '--entity-name', 'Ledger', '--entity-key', 'kept', '--operation', 'append', '--input', '"x"')).code).toBe(0);
      await waitFor(async () => (await h.local('get-entity', '--entity-name', 'Ledger', '--entity-key', 'kept')).code === 0, 'the ledger entity');
      // An operation on an entity that is not declared leaves a row with no state: an empty entity.
      await h.host.host.client.signalEntity('@nobody@empty', 'touch');
      // Removed once its operation has run (an entity with messages waiting is not empty yet).
      const cleaned = await waitFor(async () => {
        const run = await h.remote('clean-entity-storage', '--json');
        expect(run.code, run.err).toBe(0);
        const result = JSON.parse(run.out) as { numberOfEmptyEntitiesRemoved: number };
        return result.numberOfEmptyEntitiesRemoved > 0 ? result : undefined;
      }, 'the empty entity removed');
      expect(cleaned).toEqual({ numberOfEmptyEntitiesRemoved: 1, numberOfOrphanedLocksRemoved: 0 });
      expect(await h.host.host.storage.getInstance('@nobody@empty')).toBeUndefined();
      expect((await h.remote('get-entity', '--entity-name', 'Ledger', '--entity-key', 'kept')).code).toBe(0);
    });

    it('needs the system key: without it the route answers UNAUTHORIZED and deletes nothing', async () => {
      await h.local('start-new', '--function-name', 'ApprovalOrchestrator', '--id', 'kept-1');
      await h.waitForStatus('kept-1', 'Running');
      expect(await cli(emptyDir, {}, ['delete-task-hub', '--yes', '--url', h.url])).toMatchObject({ code: 1, err: expect.stringMatching(/^UNAUTHORIZED: /) });
      expect(await cli(emptyDir, {}, ['delete-task-hub', '--yes', '--url', h.url, '--code', 'wrong'])).toMatchObject({ code: 1, err: expect.stringMatching(/^UNAUTHORIZED: /) });
      expect(await cli(emptyDir, {}, ['clean-entity-storage', '--url', h.url])).toMatchObject({ code: 1, err: expect.stringMatching(/^UNAUTHORIZED: /) });
      expect(await h.remote('delete-task-hub')).toMatchObject({ code: 1, err: expect.stringMatching(/^CONFIRMATION_REQUIRED: .*--yes/) });
      expect((await h.local('get-runtime-status', '--id', 'kept-1')).code).toBe(0);
    });

    it('delete-task-hub --yes deletes the hub the server serves', async () => {
      const deleted = await h.remote('delete-task-hub', '--yes');
      expect(deleted.code, deleted.err).toBe(0);
      expect(deleted.out).toMatch(/^Deleted the server at http:/);
      expect(JSON.parse((await h.remote('get-instances', '--json')).out)).toEqual({ instances: [] });
      expect(await h.remote('get-runtime-status', '--id', 'kept-1')).toMatchObject({ code: 1, err: expect.stringMatching(/^INSTANCE_NOT_FOUND: /) });
    });
  });
}

remoteAdminSuite('SQLite', () => ({}));

describeIfPostgres('remote admin verbs on PostgreSQL', () => {
  remoteAdminSuite('PostgreSQL', () => ({ hubName: `Adm${randomUUID().replace(/-/g, '').slice(0, 10)}`, storageProvider: { type: 'postgres', connectionString: testPostgresUrl() } }));
});

describe('admin routes on a server without a system key', () => {
  it('answer ADMIN_DISABLED, even on loopback', async () => {
    const h = await startCliHarness({}, tmpdir());
    const server = createHttpServer({ client: h.host.host.client, config: { routePrefix: 'api' }, logger: silentLogger, administration: hubAdministration(h.host.host.storage) });
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(await cli(tmpdir(), {}, ['delete-task-hub', '--yes', '--url', url])).toMatchObject({ code: 1, err: expect.stringMatching(/^ADMIN_DISABLED: .*system key/) });
      const response = await fetch(`${url}/runtime/webhooks/durabletask/admin/cleanEntityStorage`, { method: 'POST' });
      expect(response.status).toBe(403);
    } finally {
      await server.close();
      await h.stop();
      rmSync(h.host.dir, { recursive: true, force: true });
    }
  });
});

