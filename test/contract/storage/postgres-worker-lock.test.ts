import { afterEach, expect, it } from 'vitest';
import type pg from 'pg';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { postgresTables } from '../../../src/storage/postgres/postgres-tables';
import { workerLockKey } from '../../../src/storage/postgres/postgres-worker-registry';
import { describeIfPostgres } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';
import { openTestProvider, TEST_SCHEMA, usePostgresTestHubs } from './postgres-test-setup';
import { LEASE_MS, newInstance, T0 } from './storage-fixtures';

/** The backend holding a session advisory lock on `key` (a signed 64-bit key, as pg_locks splits it in two halves). */
async function lockHolder(admin: pg.Pool, key: string): Promise<number | undefined> {
  const result = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND objsubid = 1
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
    [key],
  );
  return result.rows[0]?.pid;
}

/**
 * Issue 18, item 3: a worker's advisory-lock connection that broke while the process lived was
 * never re-established, so peers saw the worker as gone and took its leases early (its activities
 * then ran twice). The provider now reconnects, takes the lock again and writes the worker's row
 * again if a peer deleted it meanwhile.
 */
describeIfPostgres('postgres storage: the worker lock survives a broken connection', () => {
  const { admin, freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  it('re-takes the lock on a new connection and lists the worker again, so a peer leaves its leases alone', async () => {
    const hub = freshHub('lock');
    const worker = await openTestProvider(hub);
    const peer = await openTestProvider(hub);
    opened.push(worker, peer);
    await worker.registerWorker('w1', T0);
    await worker.createInstance(newInstance('held'));
    const [claimed] = await worker.claimOrchestrationWorkItems({ owner: 'w1', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
    expect(claimed?.instance.instanceId).toBe('held');

    const key = workerLockKey(TEST_SCHEMA, hub, 'w1');
    const first = await waitFor(() => lockHolder(admin(), key), 'the worker lock to be held');
    // A peer that saw the lock free during the gap would have deleted the worker's row: do that too.
    await admin().query(`DELETE FROM ${postgresTables(TEST_SCHEMA).workers} WHERE hub = $1 AND owner = 'w1'`, [hub]);
    await admin().query('SELECT pg_terminate_backend($1)', [first]);

    const second = await waitFor(async () => {
      const pid = await lockHolder(admin(), key);
      return pid !== undefined && pid !== first ? pid : undefined;
    }, 'the worker lock to be held by a new connection');
    expect(second).not.toBe(first);
    await waitFor(async () => {
      const row = await admin().query(`SELECT 1 FROM ${postgresTables(TEST_SCHEMA).workers} WHERE hub = $1 AND owner = 'w1'`, [hub]);
      return (row.rowCount ?? 0) > 0;
    }, 'the worker to be listed again');

    await peer.registerWorker('w2', T0);
    expect(await peer.reclaimFromGoneWorkers('w2')).toBe(0);
    const stillLeased = await peer.claimOrchestrationWorkItems({ owner: 'w2', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 1 });
    expect(stillLeased).toEqual([]);
  });
});
