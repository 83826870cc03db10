import pg from 'pg';
import type { Logger } from '../../model/logger';
import { storageLogs } from '../storage-logs';

export interface DedicatedConnectionOptions {
  readonly config: pg.ClientConfig;
  /** Runs on each new connection before it counts as open (LISTEN, take a lock, …); may attach handlers. */
  readonly setUp: (client: pg.Client) => Promise<void>;
  /** Called after a broken connection was replaced (not after the first `open`). */
  readonly restored: () => void;
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
  /** What the connection is for, and what covers for it while it is down: both go in the warning. */
  readonly purpose: { readonly name: string; readonly fallback: string };
  readonly log: Logger;
}

/**
 * A connection of its own, outside the pool, kept for as long as its owner runs (LISTEN, a session
 * advisory lock: state that lives and dies with one connection). `open` connects and fails if it
 * cannot; if the connection breaks later it is replaced in the background, with backoff doubling
 * from `firstRetryMs` to `maxRetryMs`, and `restored` is called once the new one is set up. The
 * loss and every failed attempt are warnings naming the attempt, the wait and the fallback.
 */
export class DedicatedConnection {
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempts = 0;

  constructor(private readonly options: DedicatedConnectionOptions) {}

  async open(): Promise<void> {
    if (this.client === undefined) await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    // Closing: an error ending a connection that is going away anyway tells nothing.
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.config);
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the server closed the connection')));
    try {
      await client.connect();
      await this.options.setUp(client);
    } catch (error) {
      // The connect or set-up error is the one the caller gets; ending the half-open client is cleanup.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      // Closed while connecting: this connection is not wanted; nothing to report.
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, error: Error): void {
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    // Already broken: ending it only frees the socket; the loss itself is reported below.
    client.end().catch(() => undefined);
    this.attempts = 0;
    this.retry(this.options.firstRetryMs, error);
  }

  private retry(delayMs: number, error: unknown): void {
    this.attempts++;
    const { name, fallback } = this.options.purpose;
    storageLogs.connectionLost(this.options.log, { connection: name, attempt: this.attempts, retryInMs: delayMs, fallback, error });
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.closed) return;
          storageLogs.connectionRestored(this.options.log, { connection: name, attempts: this.attempts });
          this.options.restored();
        },
        (failure: unknown) => {
          if (!this.closed) this.retry(Math.min(delayMs * 2, this.options.maxRetryMs), failure);
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }
}
