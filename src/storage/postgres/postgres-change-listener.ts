import type { ClientConfig, Notification } from 'pg';
import type { Logger } from '../../model/logger';
import type { StorageChange } from '../storage-provider';
import { DedicatedConnection } from './postgres-dedicated-connection';
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
 * in the background with backoff (0.5 s doubling to 30 s; each attempt logged as
 * `storage.connection.lost`), then announces all work once. Polling covers the gap.
 */
export class PostgresChangeListener {
  private readonly connection: DedicatedConnection;

  constructor(
    config: ClientConfig,
    private readonly channel: string,
    private readonly origin: string,
    private readonly deliver: (changes: readonly StorageChange[]) => void,
    log: Logger,
  ) {
    this.connection = new DedicatedConnection({
      config,
      setUp: async (client) => {
        client.on('notification', (message: Notification) => this.receive(message));
        await client.query(`LISTEN "${this.channel}"`);
      },
      restored: () => this.deliver(ALL_WORK),
      firstRetryMs: FIRST_RETRY_MS,
      maxRetryMs: MAX_RETRY_MS,
      purpose: { name: 'LISTEN', fallback: "other processes' work is found by polling (every maxQueuePollingInterval at most)" },
      log,
    });
  }

  async start(): Promise<void> {
    await this.connection.open();
  }

  async stop(): Promise<void> {
    await this.connection.close();
  }

  private receive(message: Notification): void {
    if (message.channel !== this.channel) return;
    const changes = decodeChanges(this.origin, message.payload);
    if (changes.length > 0) this.deliver(changes);
  }
}
