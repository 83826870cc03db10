import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** What this process asked of its databases so far; subtract two snapshots for a window. */
export interface QueryCounts {
  /** SQLite statements executed (run, get, all, iterate, exec), reads and writes alike. */
  readonly sqliteStatements: number;
  /**
   * SQLite write transactions run without their fsync: the provider lowers `synchronous` to
   * NORMAL around claims and lease renewals (counted here by that pragma call).
   */
  readonly sqliteRelaxedWrites: number;
  /** Milliseconds the event loop spent blocked in SQLite's COMMIT (WAL write, and fsync when durable). */
  readonly sqliteCommitMs: number;
  /** Milliseconds the event loop spent blocked in every other SQLite statement. */
  readonly sqliteOtherMs: number;
  /**
   * PostgreSQL round trips: queries sent while none was in flight on their connection (BEGIN and
   * COMMIT included; a query pipelined behind another rides its round trip).
   */
  readonly postgresRoundTrips: number;
  /**
   * PostgreSQL transactions the server committed for this process: each COMMIT, plus each query
   * sent outside BEGIN … COMMIT (it commits by itself).
   */
  readonly postgresTransactions: number;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

const counts = { sqliteStatements: 0, sqliteRelaxedWrites: 0, sqliteCommitMs: 0, sqliteOtherMs: 0, postgresRoundTrips: 0, postgresTransactions: 0 };
let installed = false;
/** How often one statement text ran, and (SQLite) how long it blocked the event loop in all. */
export interface StatementTally {
  count: number;
  ms: number;
}

/** Statement texts (SQLite, by statement) and query texts (PostgreSQL), shortened, with their tallies. */
const histogram = new Map<string, StatementTally>();
/**
 * The same tallies by the full text each driver ran, so a statement's text is shortened once,
 * not on every execution: shortening allocates copies of the whole text, and on a run of
 * hundreds of thousands of statements that garbage would be counted in the bench's memory peak.
 */
const tallyOfText = { sqlite: new Map<string, StatementTally>(), postgres: new Map<string, StatementTally>() };

function tally(provider: 'sqlite' | 'postgres', sql: string, ms = 0): void {
  let entry = tallyOfText[provider].get(sql);
  if (entry === undefined) {
    const key = `${provider}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 90)}`;
    entry = histogram.get(key) ?? { count: 0, ms: 0 };
    histogram.set(key, entry);
    tallyOfText[provider].set(sql, entry);
  }
  entry.count++;
  entry.ms += ms;
}

/** The `top` most frequent statements since the process started (or since `resetQueryHistogram`). */
export function queryHistogram(top: number): Array<[string, StatementTally]> {
  return [...histogram].sort((a, b) => b[1].count - a[1].count).slice(0, top);
}

export function resetQueryHistogram(): void {
  histogram.clear();
  tallyOfText.sqlite.clear();
  tallyOfText.postgres.clear();
}
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
  for (const name of ['run', 'get', 'all']) timeStatements(statementPrototype, name);
  wrap(statementPrototype, 'iterate', () => void counts.sqliteStatements++);
  wrap(Database.prototype as unknown as Record<string, Method>, 'exec', () => void counts.sqliteStatements++);
  wrap(Database.prototype as unknown as Record<string, Method>, 'pragma', (source) => {
    if (typeof source === 'string' && /^\s*synchronous\s*=\s*normal\s*$/i.test(source)) counts.sqliteRelaxedWrites++;
  });
  countPostgresQueries(pg.Client.prototype as unknown as Record<string, Method>);
}

/** Queries sent and not yet answered, per client: a query sent while others are in flight rides their round trip. */
const inFlight = new WeakMap<object, number>();

/**
 * Counts PostgreSQL round trips and transactions by wrapping `Client#query`. A round trip is a
 * query sent while none is in flight on its client: in pipeline mode the provider writes BEGIN
 * and the first statement together, and both come back in one trip. A transaction ends at a
 * query whose last statement is COMMIT (the provider sends NOTIFY calls and COMMIT as one).
 */
function countPostgresQueries(target: Record<string, Method>): void {
  const original = target.query;
  if (typeof original !== 'function') throw new Error('cannot count calls of query: not a method');
  target.query = function (this: unknown, ...args: unknown[]): unknown {
    const client = this as object;
    const text = args[0];
    const sql = (typeof text === 'string' ? text : typeof text === 'object' && text !== null ? String((text as { text?: unknown }).text ?? '') : '').trim().toUpperCase();
    tally('postgres', sql);
    const pending = inFlight.get(client) ?? 0;
    // Without pipeline mode, a queued query is written only after the one before it is answered.
    if (pending === 0 || (client as { pipeline?: unknown }).pipeline !== true) counts.postgresRoundTrips++;
    inFlight.set(client, pending + 1);
    const answered = (): void => void inFlight.set(client, (inFlight.get(client) ?? 1) - 1);
    if (sql.startsWith('BEGIN')) inTransaction.add(client);
    else if (/(^|;)\s*COMMIT$/.test(sql) || sql.startsWith('ROLLBACK')) {
      inTransaction.delete(client);
      if (!sql.startsWith('ROLLBACK')) counts.postgresTransactions++;
    } else if (!inTransaction.has(client)) counts.postgresTransactions++;
    // The answer arrives through a callback (pg-pool passes one) or the returned promise.
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (...results: unknown[]) => unknown;
      args[callbackAt] = (...results: unknown[]): unknown => {
        answered();
        return callback(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) void result.then(answered, answered);
    else answered();
    return result;
  };
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
    sqliteRelaxedWrites: now.sqliteRelaxedWrites - before.sqliteRelaxedWrites,
    sqliteCommitMs: now.sqliteCommitMs - before.sqliteCommitMs,
    sqliteOtherMs: now.sqliteOtherMs - before.sqliteOtherMs,
    postgresRoundTrips: now.postgresRoundTrips - before.postgresRoundTrips,
    postgresTransactions: now.postgresTransactions - before.postgresTransactions,
  };
}

/** Counts and times a statement method (synchronous in better-sqlite3: the time is the event loop's). */
function timeStatements(target: Record<string, Method>, name: string): void {
  const original = target[name];
  if (typeof original !== 'function') throw new Error(`cannot count calls of ${name}: not a method`);
  target[name] = function (this: unknown, ...args: unknown[]): unknown {
    counts.sqliteStatements++;
    const source = String((this as { source?: unknown }).source ?? '');
    const begin = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const ms = performance.now() - begin;
      tally('sqlite', source, ms);
      if (source === 'COMMIT') counts.sqliteCommitMs += ms;
      else counts.sqliteOtherMs += ms;
    }
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
