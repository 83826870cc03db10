import { setTimeout as sleep } from 'node:timers/promises';
import { StorageUnavailableError } from '../../model/errors/storage-unavailable-error';
import { describeError } from './postgres-errors';
import { isStalePreparedStatement } from './postgres-prepared-statements';

/** Waits before the 2nd, 3rd … attempt: about 1.5 s in all, longer than a server's restart of a connection. */
export const POSTGRES_RETRY_DELAYS_MS: readonly number[] = [50, 100, 200, 400, 800];

/** What a caller that still fails is told to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

/** SQLSTATE classes and codes of a connection that broke or could not be made: retrying on a new connection can succeed. */
const TRANSIENT_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** pg's own errors for a connection that ended under it carry no code, only these messages. */
const TRANSIENT_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i;

/** True when `error` (or an error it wraps) says the connection was lost or refused, not that the statement was wrong. */
export function isTransientConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) return true;
    if (TRANSIENT_MESSAGES.test(current.message)) return true;
    if (current instanceof AggregateError && current.errors.some(isTransientConnectionError)) return true;
  }
  return false;
}

/** Thrown by an attempt whose connection broke while COMMIT was on its way: retrying could write twice. */
export class CommitOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super(`the connection broke during COMMIT: ${describeError(cause)}`, { cause });
  }
}

/**
 * Runs `attempt` again, after a growing wait, while it fails with a lost connection (or a prepared
 * statement its connection can no longer run, which the next connection prepares anew); each attempt
 * must be safe to repeat (a transaction that rolled back, a read, an idempotent statement). Gives
 * up with StorageUnavailableError after the last delay, at once when the commit's outcome is
 * unknown, or when `stopped()` says the provider is closing. Other errors pass through.
 */
export async function retryTransient<T>(
  operation: string,
  attempt: () => Promise<T>,
  stopped: () => boolean,
  delaysMs: readonly number[] = POSTGRES_RETRY_DELAYS_MS,
): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (error) {
      const unknown = findCause(error, CommitOutcomeUnknown);
      if (unknown !== undefined) throw unavailable(operation, attempts, 'unknown', unknown);
      if (!isTransientConnectionError(error) && !isStalePreparedStatement(error)) throw error;
      const delay = delaysMs[attempts - 1];
      if (delay === undefined || stopped()) throw unavailable(operation, attempts, 'not-written', error);
      await sleep(delay);
    }
  }
}

function unavailable(operation: string, attempts: number, outcome: 'not-written' | 'unknown', cause: unknown): StorageUnavailableError {
  return new StorageUnavailableError(operation, attempts, outcome, RETRY_AFTER_SECONDS, describeError(cause), { cause });
}

function findCause<E extends Error>(error: unknown, type: new (...args: never[]) => E): E | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof type) return current;
  }
  return undefined;
}
