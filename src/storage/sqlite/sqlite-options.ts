import { systemClock, type Clock } from '../../model/clock';
import { ConfigurationError } from '../../model/errors/configuration-error';
import { silentLogger, type Logger } from '../../model/logger';

/** How often SQLite flushes to disk: FULL survives power loss; NORMAL (faster) survives only process crashes. */
export type SqliteSynchronousMode = 'full' | 'normal';

export interface SqliteStorageOptions {
  /** Database file; ':memory:' for a private in-memory database. The parent directory is created if missing. */
  readonly path: string;
  /** The task hub: every row is scoped to it, so one file can hold many hubs. */
  readonly hubName: string;
  /** Defaults to 'full'. */
  readonly synchronous?: SqliteSynchronousMode;
  /** Where the provider reads the time for rows it stamps itself; defaults to the system clock. */
  readonly clock?: Clock;
  /** Where the provider reports recovered failures (a change listener that threw); the host passes its own. */
  readonly logger?: Logger;
}

export interface ResolvedSqliteStorageOptions {
  readonly path: string;
  readonly hubName: string;
  readonly synchronous: SqliteSynchronousMode;
  readonly clock: Clock;
  readonly logger: Logger;
}

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Checks the options and fills in defaults; throws ConfigurationError naming every problem. */
export function resolveSqliteStorageOptions(options: SqliteStorageOptions): ResolvedSqliteStorageOptions {
  const problems: string[] = [];
  if (typeof options.path !== 'string' || options.path.length === 0) {
    problems.push("path must be a non-empty file path or ':memory:'");
  }
  if (typeof options.hubName !== 'string' || options.hubName.trim().length === 0) {
    problems.push('hubName must be a non-empty string');
  }
  const synchronous = options.synchronous ?? 'full';
  if (synchronous !== 'full' && synchronous !== 'normal') {
    problems.push(`synchronous must be 'full' or 'normal', not ${JSON.stringify(synchronous)}`);
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid SQLite storage options: ${problems.join('; ')}.`, problems);
  }
  return { path: options.path, hubName: options.hubName, synchronous, clock: options.clock ?? systemClock, logger: options.logger ?? silentLogger };
}

/** True for paths SQLite keeps in memory rather than in a file. */
export function isInMemoryPath(path: string): boolean {
  return path === ':memory:' || path.startsWith('file::memory:');
}
