import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../support/recording-logger';
import { createTestHost, sqliteProviderOf, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { compositionFunctions } from './fixtures/composition-functions';

/**
 * A database that stops taking writes under a running host. Tests run as root, which ignores file
 * permissions, so chmod cannot make the file read-only here; `PRAGMA query_only` on the host's own
 * connection makes SQLite refuse every write with the same SQLITE_READONLY error a read-only file
 * gives, through the same provider code (StorageError wrapping the driver's error).
 */
describe('storage that turns read-only under a running host', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('reports unhealthy, logs one error, stops claiming, and resumes when writable again', async () => {
    const logger = recordingLogger();
    t = await createTestHost(compositionFunctions, {}, { logger });
    const host = t.host;
    const ids = [await host.client.startNew('ChildDouble', { input: 1 }), await host.client.startNew('ChildDouble', { input: 2 })];
    const db = sqliteProviderOf(host.storage).database();
    db.pragma('query_only = ON');
    await host.start();

    await waitFor(() => !host.isHealthy, 'the host to report unhealthy');
    expect(host.health()).toMatchObject({ healthy: false, state: 'running', storage: { writable: false, reason: expect.stringContaining('readonly') } });
    const commitsBefore = host.storage.stats().commits;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // One clear error, not one per claim; nothing written; work still waiting.
    expect(logger.events('storage.writes.refused')).toHaveLength(1);
    expect(logger.events('storage.writes.refused')[0]?.level).toBe('error');
    expect(logger.events('worker.dispatcher.failed')).toEqual([]);
    expect(host.storage.stats().commits).toBe(commitsBefore);
    expect((await host.client.getStatus(ids[0] as string))?.runtimeStatus).toBe('Pending');

    db.pragma('query_only = OFF');
    await waitFor(() => host.isHealthy, 'the host to find storage writable again', 5_000);
    expect(logger.events('storage.writes.restored')).toHaveLength(1);
    for (const id of ids) expect((await host.client.waitForCompletion(id, { timeoutMs: 10_000 })).runtimeStatus).toBe('Completed');
  });
});
