import { DurableError } from './durable-error';

/**
 * The storage could not be reached (a lost or refused database connection) and retrying inside
 * the provider did not help. Nothing was written, unless `outcome` is 'unknown': the connection
 * broke while the commit was on its way, so it may or may not have taken effect. Worth retrying
 * after `retryAfterSeconds`; HTTP answers it with 503 and that `Retry-After`.
 */
export class StorageUnavailableError extends DurableError {
  readonly code = 'STORAGE_UNAVAILABLE' as const;
  constructor(
    readonly operation: string,
    readonly attempts: number,
    readonly outcome: 'not-written' | 'unknown',
    readonly retryAfterSeconds: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The storage is unavailable: ${operation} failed after ${attempts} attempt(s) (${reason}); ` +
        (outcome === 'unknown' ? 'the connection broke during the commit, so it may or may not have taken effect. ' : 'nothing was written. ') +
        `Retry after ${retryAfterSeconds} s; if it persists, check that the database server is up and reachable.`,
      options,
    );
  }
}
