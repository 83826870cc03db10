import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isDurableError } from '../../model/errors/durable-error';
import { StorageError } from '../../model/errors/storage-error';
import { ChangeSet, type ChangeNotifier } from '../change-notifier';
import { storageLogs } from '../storage-logs';
import { PostgresChangeListener } from './postgres-change-listener';
import { describeError } from './postgres-errors';
import { registerPostgresHub } from './postgres-hubs';
import { encodeChanges, noticeSql, notificationChannel } from './postgres-notification';
import { PipelinedTransaction } from './postgres-pipelined-transaction';
import { isStalePreparedStatement, PreparedStatementNames, PreparingQueryable } from './postgres-prepared-statements';
import type { ResolvedPostgresStorageOptions } from './postgres-options';
import { CommitOutcomeUnknown, isTransientConnectionError, retryTransient } from './postgres-retry';
import { migratePostgresSchema } from './postgres-schema';
import { postgresTables, type PostgresTables, type Queryable } from './postgres-tables';
import { describePostgresTarget, resolvePostgresTarget } from './postgres-target';

/** Says whether a finished write changed anything (claims that found nothing do not count). */
export interface WriteOptions<T> {
  readonly counted?: (result: T) => boolean;
  /** The statement sent its own notices (see `notices`): `statement` only tells this process's listeners. */
  readonly notifiedInStatement?: boolean;
}

/** The NOTIFY channel and payloads that announce `changes` to other processes. */
export interface ChangeNotices {
  readonly channel: string;
  readonly payloads: readonly string[];
}

type WriteBody<T> = (db: Queryable, changes: ChangeSet) => Promise<T>;

/**
 * The pool's life cycle and the ways to use it: `read` (one statement, no transaction),
 * `transaction` (BEGIN … COMMIT on one pooled connection) and `statement` (one self-committing
 * write). Initializes lazily on first use (schema, hub row, LISTEN connection); after `close`
 * every use throws StorageError. After a write commits it is counted, its changes go to this
 * process's listeners and, through NOTIFY (sent inside the transaction, so only on commit), to
 * other processes. Driver errors become StorageError naming the hub and the server, never the
 * password; durable-ts's own typed errors pass through unchanged. A lost or refused connection is
 * retried on a new one, a few times with growing waits (postgres-retry), then reported as
 * StorageUnavailableError; a transaction whose COMMIT was cut off is never retried.
 */
export class PostgresDatabase {
  readonly tables: PostgresTables;
  /** `user@host:port/database`, for messages. */
  readonly target: string;
  private readonly pool: pg.Pool;
  /** The pool, with parameterised statements prepared per connection. */
  private readonly queries: Queryable;
  private readonly names: PreparedStatementNames;
  private readonly channel: string;
  private readonly listener: PostgresChangeListener;
  private readonly origin = randomUUID();
  private initializing: Promise<void> | undefined;
  private closed = false;
  private committed = 0;

  constructor(
    private readonly options: ResolvedPostgresStorageOptions,
    private readonly notifier: ChangeNotifier,
  ) {
    this.tables = postgresTables(options.schema);
    this.target = describePostgresTarget(resolvePostgresTarget(options.poolConfig));
    // Pipeline mode: a query is written at once, even while an earlier one on the connection
    // awaits its answer (each is still its own protocol exchange). Transactions use it to send
    // BEGIN with their first statement.
    this.pool = new pg.Pool({ ...options.poolConfig, pipeline: true });
    // An idle connection that breaks is dropped by the pool; the next query opens a new one.
    this.pool.on('error', (error) => storageLogs.idleConnectionDropped(options.logger, { error }));
    this.names = new PreparedStatementNames(options.preparedStatements);
    this.queries = new PreparingQueryable(this.pool, this.names);
    this.channel = notificationChannel(options.schema, options.hubName);
    this.listener = new PostgresChangeListener(options.poolConfig, this.channel, this.origin, (changes) => this.notifier.emit(changes), options.logger);
  }

  /** Write transactions committed since the provider opened. */
  get commits(): number {
    return this.committed;
  }

  /** Migrates the schema, registers the hub and starts listening; once (later calls wait for the first). */
  async initialize(): Promise<void> {
    this.assertOpen();
    this.initializing ??= this.runInitialize().catch((error: unknown) => {
      this.initializing = undefined;
      throw error;
    });
    await this.initializing;
  }

  async read<T>(operation: string, body: (db: Queryable) => Promise<T>): Promise<T> {
    await this.initialize();
    return this.retrying(operation, async () => {
      try {
        return await body(this.queries);
      } catch (error) {
        throw this.wrap(operation, error);
      }
    });
  }

  /** Runs `body` in one transaction; after COMMIT, counts it and emits its changes. */
  async transaction<T>(operation: string, body: WriteBody<T>, options: WriteOptions<T> = {}): Promise<T> {
    await this.initialize();
    return this.retrying(operation, async () => {
      const changes = new ChangeSet();
      const result = await this.withClient(operation, async (client, discard) => {
        const transaction = new PipelinedTransaction(client, this.names);
        let value: T;
        try {
          value = await body(transaction, changes);
        } catch (error) {
          // A statement prepared on this connection that no longer fits it: the retry takes another.
          if (isStalePreparedStatement(error)) discard();
          // A failed ROLLBACK discards the connection, which ends the transaction on the server.
          if (transaction.started) {
            await client.query('ROLLBACK').catch((rollbackError: unknown) => {
              storageLogs.rollbackFailed(this.options.logger, { operation, error: rollbackError });
              discard();
            });
          }
          throw error;
        }
        try {
          await transaction.commit(this.noticeSql(changes));
        } catch (error) {
          // The NOTIFY calls and COMMIT travel as one query: a broken connection leaves the outcome unknown.
          discard();
          throw isTransientConnectionError(error) ? new CommitOutcomeUnknown(error) : error;
        }
        return value;
      });
      return this.committedWrite(result, changes, options);
    });
  }

  /**
   * Runs `body` without a transaction: each of its write statements commits by itself, so it
   * should make one, or several that are each correct alone (e.g. a write and its compensation).
   */
  async statement<T>(operation: string, body: WriteBody<T>, options: WriteOptions<T> = {}): Promise<T> {
    await this.initialize();
    // Retried whole: the bodies are claims, lease renewals and releases, whose repeat is harmless
    // (a claim whose answer was lost leaves leases that expire, as a crashed worker's do).
    const { result, changes } = await this.retrying(operation, async () => {
      const changes = new ChangeSet();
      try {
        return { result: await body(this.queries, changes), changes };
      } catch (error) {
        throw this.wrap(operation, error);
      }
    });
    return this.committedStatement(operation, result, changes, options);
  }

  /**
   * Runs `body`, one self-committing write statement, on one connection, and is not retried once
   * the statement may have run: a connection that breaks after it was sent leaves the outcome
   * unknown (StorageUnavailableError, as a transaction's cut COMMIT), because running it again
   * could apply it twice. For writes whose repeat would not be harmless (starts), unlike `statement`.
   */
  async singleStatement<T>(operation: string, body: WriteBody<T>, options: WriteOptions<T> = {}): Promise<T> {
    await this.initialize();
    const { result, changes } = await this.retrying(operation, () =>
      this.withClient(operation, async (client, discard) => {
        const changes = new ChangeSet();
        try {
          return { result: await body(new PreparingQueryable(client, this.names), changes), changes };
        } catch (error) {
          if (isStalePreparedStatement(error)) discard();
          if (!isTransientConnectionError(error)) throw error;
          discard();
          throw new CommitOutcomeUnknown(error);
        }
      }),
    );
    return this.committedStatement(operation, result, changes, options);
  }

  /** What to NOTIFY for `changes`, for a statement that sends its notices itself (one round trip less). */
  notices(changes: ChangeSet): ChangeNotices {
    return { channel: this.channel, payloads: changes.isEmpty ? [] : encodeChanges(this.origin, changes.toList()) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Closing: a failed initialization was already thrown to whoever awaited it.
    await this.initializing?.catch(() => undefined);
    await this.listener.stop();
    try {
      await this.pool.end();
    } catch (error) {
      throw this.wrap('close', error);
    }
  }

  private async runInitialize(): Promise<void> {
    await this.withClient('initialize (connect, migrate the schema, listen for changes)', async (client) => {
      await migratePostgresSchema(client, this.tables);
      await registerPostgresHub(client, this.tables, this.options.hubName, this.options.clock.now());
      await this.listener.start();
    });
  }

  /**
   * Runs `body` on one pooled connection. While it is checked out, a connection error that arrives
   * between queries is caught here (unhandled, it would crash the process) and the connection is
   * discarded instead of returned to the pool, as it is when `body` calls `discard` (the pool also
   * drops connections that have ended).
   */
  private async withClient<T>(operation: string, body: (client: pg.PoolClient, discard: () => void) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.wrap(operation, error);
    }
    let failed = false;
    const onError = (): void => {
      failed = true;
    };
    client.on('error', onError);
    try {
      return await body(client, onError);
    } catch (error) {
      throw this.wrap(operation, error);
    } finally {
      client.removeListener('error', onError);
      client.release(failed);
    }
  }

  private retrying<T>(operation: string, attempt: () => Promise<T>): Promise<T> {
    return retryTransient(`${operation} (PostgreSQL hub '${this.options.hubName}' at ${this.target})`, attempt, () => this.closed);
  }

  /** After a self-committing statement: tells other processes (unless it did) and this one. */
  private async committedStatement<T>(operation: string, result: T, changes: ChangeSet, options: WriteOptions<T>): Promise<T> {
    // Already committed: a lost notice only delays other processes until they poll.
    if (options.notifiedInStatement !== true) await this.notifyOthers(this.queries, changes).catch((error: unknown) => storageLogs.notifyFailed(this.options.logger, { operation, error }));
    return this.committedWrite(result, changes, options);
  }

  private committedWrite<T>(result: T, changes: ChangeSet, options: WriteOptions<T>): T {
    if (options.counted?.(result) ?? true) this.committed++;
    this.notifier.emit(changes);
    return result;
  }

  private async notifyOthers(db: Queryable, changes: ChangeSet): Promise<void> {
    const sql = this.noticeSql(changes);
    if (sql !== undefined) await db.query(sql);
  }

  /** The NOTIFY statement announcing `changes` to other processes, if there are any. */
  private noticeSql(changes: ChangeSet): string | undefined {
    return changes.isEmpty ? undefined : noticeSql(this.channel, encodeChanges(this.origin, changes.toList()));
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new StorageError(
        `PostgreSQL storage for hub '${this.options.hubName}' at ${this.target} is closed; make a new provider to use it again.`,
      );
    }
  }

  private wrap(operation: string, error: unknown): Error {
    if (isDurableError(error)) return error;
    return new StorageError(
      `PostgreSQL storage for hub '${this.options.hubName}' at ${this.target} (schema ${this.tables.schema}) ` +
        `failed to ${operation}: ${describeError(error)}`,
      { cause: error },
    );
  }
}
