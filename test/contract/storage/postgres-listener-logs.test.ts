import { afterEach, expect, it } from 'vitest';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { notificationChannel } from '../../../src/storage/postgres/postgres-notification';
import type { StorageChange } from '../../../src/storage/storage-provider';
import { describeIfPostgres } from '../../support/postgres';
import { pinoCapture } from '../../support/pino-capture';
import { openTestProvider, TEST_SCHEMA, usePostgresTestHubs, waitUntil } from './postgres-test-setup';
import { newInstance } from './storage-fixtures';

describeIfPostgres('postgres storage: a lost LISTEN connection is logged and recovered', () => {
  const { admin, freshHub } = usePostgresTestHubs();
  const providers: PostgresStorageProvider[] = [];
  afterEach(async () => {
    for (const provider of providers.splice(0)) await provider.close();
  });

  it('warns with the attempt, the wait and the polling fallback, logs the reconnect, and hears notices again', async () => {
    const hub = freshHub('listen');
    const capture = pinoCapture('info');
    const listening = await openTestProvider(hub, { logger: capture.logger });
    const writer = await openTestProvider(hub);
    providers.push(listening, writer);
    const heard: StorageChange[] = [];
    listening.onChange((change) => heard.push(change));
    // Only this hub's LISTEN connections, in this test's own database.
    const killed = await admin().query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE '%LISTEN%' AND query LIKE $1 AND pid <> pg_backend_pid()",
      [`%${notificationChannel(TEST_SCHEMA, hub)}%`],
    );
    expect(killed.rowCount).toBe(2);
    await waitUntil(() => capture.events('storage.connection.restored').length > 0, 10_000, 'the listener to reconnect');
    const [lost] = capture.events('storage.connection.lost');
    expect(lost).toMatchObject({ level: 40, connection: 'LISTEN', attempt: 1, retryInMs: 500 });
    expect(String(lost?.['fallback'])).toContain('polling');
    expect(lost?.['err']).toMatchObject({ message: expect.any(String) as unknown });
    expect(lost?.msg).toContain('reconnect attempt 1 in 500 ms');
    expect(capture.events('storage.connection.restored')[0]).toMatchObject({ level: 30, connection: 'LISTEN', attempts: 1 });
    await writer.createInstance(newInstance('after-reconnect'));
    await waitUntil(() => heard.some((c) => c.kind === 'instance' && c.instanceId === 'after-reconnect'), 5_000, "the writer's notice after the reconnect");
  });
});
