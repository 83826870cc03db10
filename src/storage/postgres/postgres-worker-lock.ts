import pg from 'pg';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * Holds a worker's session advisory lock on a connection of its own for as long as the worker
 * runs. The server drops the lock when that connection ends, including when the process dies, so
 * a peer that can take the lock knows the owner is gone and takes its leases over.
 *
 * Why it reconnects: if the connection breaks while the process lives (a restarted server, a
 * killed backend, a network cut), the lock is free and peers would take this live worker's work
 * early, running its activities twice for as long as the lock stays free. So a broken connection
 * is replaced in the background, with backoff, and the lock taken again; `restored` is then
 * called, because a peer may have forgotten the worker meanwhile (its registration row).
 */
export class PostgresWorkerLock {
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly config: pg.ClientConfig,
    private readonly key: string,
    private readonly restored: () => void,
  ) {}

  /** Connects and takes the lock; fails if it cannot (registration then fails and is retried). */
  static async hold(config: pg.ClientConfig, key: string, restored: () => void): Promise<PostgresWorkerLock> {
    const lock = new PostgresWorkerLock(config, key, restored);
    await lock.connect();
    return lock;
  }

  /** Whether a live connection holds the lock now (false while it is being re-established). */
  get held(): boolean {
    return this.client !== undefined;
  }

  async release(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // Waits, not tries: a peer checking whether this worker is gone holds the lock only for its
      // own short transaction; no other session holds it as a session lock.
      await client.query('SELECT pg_advisory_lock($1::bigint)', [this.key]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client): void {
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.retry(FIRST_RETRY_MS);
  }

  private retry(delayMs: number): void {
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.closed) this.restored();
        },
        () => {
          if (!this.closed) this.retry(Math.min(delayMs * 2, MAX_RETRY_MS));
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }
}
