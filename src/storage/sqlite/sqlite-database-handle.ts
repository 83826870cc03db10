import type Database from 'better-sqlite3';
import { isDurableError } from '../../model/errors/durable-error';
import { StorageError } from '../../model/errors/storage-error';
import { prepareActivityStatements, type ActivityStatements } from './sqlite-activity-statements';
import { ChangeSet, type ChangeNotifier } from '../change-notifier';
import { describeError, openSqliteDatabase } from './sqlite-connection';
import type { ResolvedSqliteStorageOptions } from './sqlite-options';
import type { Settled } from '../write-coalescer';
import { prepareOrchestrationStatements, type OrchestrationStatements } from './sqlite-orchestration-statements';
import { prepareEpisodeStatements, type EpisodeStatements } from './sqlite-episode-statements';
import { prepareOrchestrationClaimStatements, type OrchestrationClaimStatements } from './sqlite-orchestration-claim-statements';

export interface SqliteStatements {
  readonly orchestrations: OrchestrationStatements;
  readonly activities: ActivityStatements;
  readonly episodes: EpisodeStatements;
  readonly claims: OrchestrationClaimStatements;
}

/** Runs a write's body inside the transaction better-sqlite3 wraps around it. */
type WriteBody = (statements: SqliteStatements, changes: ChangeSet) => unknown;

/**
 * One transaction function per connection, made when it opens: `db.transaction(fn)` builds four
 * wrapper functions and their property descriptors each time it is called, which made about
 * 1.8 KB of garbage per write when it was called for each one.
 */
function transactionOf(db: Database.Database): Database.Transaction<(body: WriteBody, statements: SqliteStatements, changes: ChangeSet) => unknown> {
  return db.transaction((body: WriteBody, statements: SqliteStatements, changes: ChangeSet) => body(statements, changes));
}

type HandleState =
  | { readonly kind: 'unopened' }
  | {
      readonly kind: 'open';
      readonly db: Database.Database;
      readonly statements: SqliteStatements;
      readonly transaction: ReturnType<typeof transactionOf>;
    }
  | { readonly kind: 'closed' };

/**
 * The connection's life cycle and the two ways to use it: `read` (no transaction needed) and
 * `write` (one BEGIN IMMEDIATE transaction, so check-then-write is atomic across processes).
 * Opens lazily on first use; after `close` every use throws StorageError. Unexpected SQLite errors
 * become StorageError with the cause; durable-ts's own typed errors pass through unchanged.
 */
export class SqliteDatabaseHandle {
  private state: HandleState = { kind: 'unopened' };
  private committed = 0;

  constructor(
    private readonly options: ResolvedSqliteStorageOptions,
    private readonly notifier: ChangeNotifier,
  ) {}

  /** Write transactions committed since the provider opened. */
  get commits(): number {
    return this.committed;
  }

  /** Opens the file and migrates the schema if that has not happened yet. */
  open(): SqliteStatements {
    const state = this.state;
    if (state.kind === 'open') return state.statements;
    if (state.kind === 'closed') {
      throw new StorageError(
        `SQLite storage for hub '${this.options.hubName}' at '${this.options.path}' is closed; make a new provider to use it again.`,
      );
    }
    const db = openSqliteDatabase(this.options);
    try {
      const statements = {
        orchestrations: prepareOrchestrationStatements(db),
        activities: prepareActivityStatements(db),
        episodes: prepareEpisodeStatements(db),
        claims: prepareOrchestrationClaimStatements(db),
      };
      this.state = { kind: 'open', db, statements, transaction: transactionOf(db) };
      return statements;
    } catch (error) {
      db.close();
      throw this.wrap('prepare its statements', error);
    }
  }

  /** The raw connection, for PRAGMA checks in tests and tools. */
  database(): Database.Database {
    this.open();
    if (this.state.kind !== 'open') throw new StorageError('SQLite storage is not open.');
    return this.state.db;
  }

  read<T>(operation: string, body: (statements: SqliteStatements) => T): T {
    const statements = this.open();
    try {
      return body(statements);
    } catch (error) {
      throw this.wrap(operation, error);
    }
  }

  /**
   * Runs `body` in one immediate transaction; after it commits, counts it and emits its changes.
   * A write marked `durable: false` (claims, lease renewals: losing one to a power cut only frees
   * a lease) skips the fsync under synchronous=FULL; the next durable commit's fsync covers its
   * WAL frames too, so nothing durable is ever ordered after something lost.
   */
  write<T>(operation: string, body: (statements: SqliteStatements, changes: ChangeSet) => T, options: { durable?: boolean } = {}): T {
    const relax = options.durable === false && this.options.synchronous === 'full';
    return this.commit(operation, relax, (_db, statements, changes) => this.transaction().immediate(body, statements, changes) as T, () => true);
  }

  /**
   * Runs `body` for each item, in order, in one immediate transaction, each item inside its own
   * SAVEPOINT: an item that throws is rolled back alone and settles with its error (as `write`
   * would have thrown it, named by `describe`), and the others commit. A lone item's error is
   * thrown, as `write`'s is. If SQLite ended the whole transaction itself (a full disk, an I/O
   * error), the batch throws and nothing is written. A batch whose every item failed wrote
   * nothing and is not counted as a commit.
   */
  writeEach<I, T>(
    operation: string,
    items: readonly I[],
    describe: (item: I) => string,
    body: (item: I, statements: SqliteStatements, changes: ChangeSet) => T,
  ): Settled<T>[] {
    // A lone item needs no savepoint: its failure rolls back the whole transaction, as `write`'s does.
    const isolate = items.length > 1;
    return this.commit(operation, false, (db, statements, changes) =>
      db
        .transaction(() =>
          items.map((item): Settled<T> => {
            const own = new ChangeSet();
            try {
              const value = isolate ? db.transaction(() => body(item, statements, own))() : body(item, statements, own);
              changes.addAll(own);
              return { ok: true, value };
            } catch (error) {
              if (!isolate || !db.inTransaction) throw error;
              return { ok: false, error: this.wrap(describe(item), error) };
            }
          }),
        )
        .immediate(),
      (results) => results.some((result) => result.ok),
    );
  }

  /** The connection's one transaction function (see transactionOf). */
  private transaction(): ReturnType<typeof transactionOf> {
    this.open();
    if (this.state.kind !== 'open') throw new StorageError('SQLite storage is not open.');
    return this.state.transaction;
  }

  /** Runs one transaction (`run` begins and commits it); after it commits, counts it (if `counted`) and emits its changes. */
  private commit<T>(
    operation: string,
    relax: boolean,
    run: (db: Database.Database, statements: SqliteStatements, changes: ChangeSet) => T,
    counted: (result: T) => boolean,
  ): T {
    const statements = this.open();
    const db = this.database();
    const changes = new ChangeSet();
    let result: T;
    try {
      if (relax) db.pragma('synchronous = NORMAL');
      try {
        result = run(db, statements, changes);
      } finally {
        if (relax) db.pragma('synchronous = FULL');
      }
    } catch (error) {
      throw this.wrap(operation, error);
    }
    if (counted(result)) this.committed++;
    this.notifier.emit(changes);
    return result;
  }

  close(): void {
    const state = this.state;
    this.state = { kind: 'closed' };
    if (state.kind !== 'open') return;
    try {
      state.db.close();
    } catch (error) {
      throw this.wrap('close', error);
    }
  }

  private wrap(operation: string, error: unknown): Error {
    if (isDurableError(error)) return error;
    return new StorageError(
      `SQLite storage for hub '${this.options.hubName}' at '${this.options.path}' failed to ${operation}: ${describeError(error)}`,
      { cause: error },
    );
  }
}
