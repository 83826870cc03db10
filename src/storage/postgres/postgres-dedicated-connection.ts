import pg from 'pg';

export interface DedicatedConnectionOptions {
  readonly config: pg.ClientConfig;
  /** Runs on each new connection before it counts as open (LISTEN, take a lock, …); may attach handlers. */
  readonly setUp: (client: pg.Client) => Promise<void>;
  /** Called after a broken connection was replaced (not after the first `open`). */
  readonly restored: () => void;
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
}

/**
 * A connection of its own, outside the pool, kept for as long as its owner runs (LISTEN, a session
 * advisory lock: state that lives and dies with one connection). `open` connects and fails if it
 * cannot; if the connection breaks later it is replaced in the background, with backoff doubling
 * from `firstRetryMs` to `maxRetryMs`, and `restored` is called once the new one is set up.
 */
export class DedicatedConnection {
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DedicatedConnectionOptions) {}

  async open(): Promise<void> {
    if (this.client === undefined) await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.config);
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await this.options.setUp(client);
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
    this.retry(this.options.firstRetryMs);
  }

  private retry(delayMs: number): void {
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.closed) this.options.restored();
        },
        () => {
          if (!this.closed) this.retry(Math.min(delayMs * 2, this.options.maxRetryMs));
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }
}
