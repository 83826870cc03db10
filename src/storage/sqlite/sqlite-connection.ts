import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from '../../model/errors/storage-error';
import { isInMemoryPath, SQLITE_BUSY_TIMEOUT_MS, type ResolvedSqliteStorageOptions } from './sqlite-options';
import { migrateSqliteSchema } from './sqlite-schema';

/**
 * Opens the database file (creating its directory), sets WAL, the synchronous level and the busy
 * timeout, and migrates the schema. Any failure, e.g. a file that is not a database, becomes a
 * StorageError that names the path; the half-open handle is closed.
 */
export function openSqliteDatabase(options: ResolvedSqliteStorageOptions): Database.Database {
  const { path } = options;
  let db: Database.Database | undefined;
  try {
    if (!isInMemoryPath(path)) mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    migrateSqliteSchema(db, path);
    return db;
  } catch (error) {
    closeQuietly(db);
    if (error instanceof StorageError) throw error;
    throw new StorageError(`Cannot open SQLite storage at '${path}': ${describeError(error)}.`, { cause: error });
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function closeQuietly(db: Database.Database | undefined): void {
  try {
    if (db?.open === true) db.close();
  } catch {
    // The open already failed; that error is the one worth reporting.
  }
}
