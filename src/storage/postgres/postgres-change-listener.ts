import pg, { type ClientConfig, type Notification } from 'pg';
import type { StorageChange } from '../storage-provider';
import { decodeChanges } from './postgres-notification';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/** Both kinds of work: announced after a reconnect, since notices sent meanwhile were missed. */
const ALL_WORK: readonly StorageChange[] = [
  { kind: 'work', work: 'orchestration', remote: true },
  { kind: 'work', work: 'activity', remote: true },
];

/**
 * A dedicated connection that LISTENs on the hub's channel and turns other processes' notices into
 * changes. `start` connects (and fails if it cannot); if the connection drops later it reconnects
 * in the background with backoff, then announces all work once. Polling still covers any gap.
 */
export class PostgresChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly origin: string,
    private readonly deliver: (changes: readonly StorageChange[]) => void,
  ) {}

  async start(): Promise<void> {
    if (this.client === undefined) await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message: Notification) => this.receive(message));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private receive(message: Notification): void {
    if (message.channel !== this.channel) return;
    const changes = decodeChanges(this.origin, message.payload);
    if (changes.length > 0) this.deliver(changes);
  }

  private lost(client: pg.Client): void {
    if (client !== this.client || this.stopped) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.retry(FIRST_RETRY_MS);
  }

  private retry(delayMs: number): void {
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.stopped) this.deliver(ALL_WORK);
        },
        () => {
          if (!this.stopped) this.retry(Math.min(delayMs * 2, MAX_RETRY_MS));
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }
}
