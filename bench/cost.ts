import type { QueryCounts } from './query-counter';

/** What one instance cost the storage, averaged over a measured window. */
export interface InstanceCost {
  /** Write transactions committed by the storage provider (SQLite: one fsync each with synchronous=FULL). */
  readonly writeTransactions: number;
  /**
   * SQLite: write transactions that end in an fsync of the WAL (synchronous=FULL; claims and lease
   * renewals skip it). WAL checkpoints add their own, every 1,000 pages or so.
   */
  readonly sqliteFsyncs?: number;
  /** SQLite: statements executed (reads, BEGIN and COMMIT included). */
  readonly sqliteStatements?: number;
  /** SQLite: milliseconds the event loop was blocked in COMMIT (fsync) / in other statements. */
  readonly sqliteCommitMs?: number;
  readonly sqliteOtherStatementMs?: number;
  /** PostgreSQL: round trips (reads, BEGIN and COMMIT included; pipelined queries share one). */
  readonly postgresRoundTrips?: number;
  /** PostgreSQL: transactions the server committed for this process (reads included). */
  readonly postgresTransactions?: number;
}

/** The window's counts divided by its instances (NaN without instances). */
export function costPerInstance(provider: string, instances: number, commits: number, queries: QueryCounts): InstanceCost {
  const per = (value: number): number => (instances > 0 ? value / instances : Number.NaN);
  return provider === 'postgres'
    ? { writeTransactions: per(commits), postgresRoundTrips: per(queries.postgresRoundTrips), postgresTransactions: per(queries.postgresTransactions) }
    : {
        writeTransactions: per(commits),
        sqliteFsyncs: per(commits - queries.sqliteRelaxedWrites), sqliteStatements: per(queries.sqliteStatements),
        sqliteCommitMs: per(queries.sqliteCommitMs),
        sqliteOtherStatementMs: per(queries.sqliteOtherMs),
      };
}
