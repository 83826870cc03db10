import type pg from 'pg';
import type { Logger } from '../../model/logger';
import { DedicatedConnection } from './postgres-dedicated-connection';

/**
 * Holds a worker's session advisory lock on a connection of its own for as long as the worker
 * runs. The server drops the lock when that connection ends, including when the process dies, so
 * a peer that can take the lock knows the owner is gone and takes its leases over.
 *
 * Why it reconnects: if the connection breaks while the process lives (a restarted server, a
 * killed backend, a network cut), the lock is free and peers would take this live worker's work
 * early, running its activities twice for as long as the lock stays free. So a broken connection
 * is replaced in the background, with backoff (0.1 s doubling to 5 s), and the lock taken again;
 * `restored` is then called, because a peer may have forgotten the worker meanwhile (its row).
 */
export class PostgresWorkerLock {
  private constructor(private readonly connection: DedicatedConnection) {}

  /** Connects and takes the lock; fails if it cannot (registration then fails and is retried). */
  static async hold(config: pg.ClientConfig, key: string, restored: () => void, log: Logger): Promise<PostgresWorkerLock> {
    const connection = new DedicatedConnection({
      config,
      // Waits, not tries: a peer checking whether this worker is gone holds the lock only for its
      // own short transaction; no other session holds it as a session lock.
      setUp: async (client) => void (await client.query('SELECT pg_advisory_lock($1::bigint)', [key])),
      restored,
      firstRetryMs: 100,
      maxRetryMs: 5_000,
      purpose: { name: 'worker-lock', fallback: 'peers may take this live worker\'s leases early (its activities may run twice)' },
      log,
    });
    await connection.open();
    return new PostgresWorkerLock(connection);
  }

  async release(): Promise<void> {
    await this.connection.close();
  }
}
