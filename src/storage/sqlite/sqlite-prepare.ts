import type Database from 'better-sqlite3';

/** A prepared statement bound with one named-parameter object `P`, returning rows of shape `R`. */
export type Stmt<P extends object, R = unknown> = Database.Statement<P, R>;

/** Prepares `sql`; the parameter and row types come from where the statement is stored. */
export function prepare<P extends object, R = unknown>(db: Database.Database, sql: string): Stmt<P, R> {
  return db.prepare<P, R>(sql);
}
