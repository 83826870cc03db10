import Database from 'better-sqlite3';
import pg from 'pg';

/** What this process asked of its databases so far; subtract two snapshots for a window. */
export interface QueryCounts {
  /** SQLite statements executed (run, get, all, iterate, exec), reads and writes alike. */
  readonly sqliteStatements: number;
  /** PostgreSQL queries sent: each is one round trip to the server (BEGIN and COMMIT included). */
  readonly postgresRoundTrips: number;
  /**
   * PostgreSQL transactions the server committed for this process: each COMMIT, plus each query
   * sent outside BEGIN … COMMIT (it commits by itself).
   */
  readonly postgresTransactions: number;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

const counts = { sqliteStatements: 0, postgresRoundTrips: 0, postgresTransactions: 0 };
let installed = false;
const inTransaction = new WeakSet<object>();

/**
 * Counts the statements and round trips of every SQLite connection and PostgreSQL client of this
 * process from now on, by wrapping the drivers' methods. The bench only: the product never loads
 * this file. Idempotent.
 */
export function installQueryCounter(): void {
  if (installed) return;
  installed = true;
  const probe = new Database(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Method>;
  probe.close();
  for (const name of ['run', 'get', 'all', 'iterate']) wrap(statementPrototype, name, () => void counts.sqliteStatements++);
  wrap(Database.prototype as unknown as Record<string, Method>, 'exec', () => void counts.sqliteStatements++);
  wrap(pg.Client.prototype as unknown as Record<string, Method>, 'query', function (this: unknown, text: unknown) {
    counts.postgresRoundTrips++;
    const sql = (typeof text === 'string' ? text : typeof text === 'object' && text !== null ? String((text as { text?: unknown }).text ?? '') : '').trimStart().toUpperCase();
    const client = this as object;
    if (sql.startsWith('BEGIN')) inTransaction.add(client);
    else if (sql.startsWith('COMMIT') || sql.startsWith('ROLLBACK')) {
      inTransaction.delete(client);
      if (sql.startsWith('COMMIT')) counts.postgresTransactions++;
    } else if (!inTransaction.has(client)) counts.postgresTransactions++;
  });
}

/** The counts so far (zero before `installQueryCounter`). */
export function queryCounts(): QueryCounts {
  return { ...counts };
}

/** `after - before`, field by field. */
export function queryCountsSince(before: QueryCounts): QueryCounts {
  const now = queryCounts();
  return {
    sqliteStatements: now.sqliteStatements - before.sqliteStatements,
    postgresRoundTrips: now.postgresRoundTrips - before.postgresRoundTrips,
    postgresTransactions: now.postgresTransactions - before.postgresTransactions,
  };
}

function wrap(target: Record<string, Method>, name: string, count: (this: unknown, first: unknown) => void): void {
  const original = target[name];
  if (typeof original !== 'function') throw new Error(`cannot count calls of ${name}: not a method`);
  target[name] = function (this: unknown, ...args: unknown[]): unknown {
    count.call(this, args[0]);
    return original.apply(this, args);
  };
}
