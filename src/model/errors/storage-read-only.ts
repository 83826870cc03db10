/**
 * True for errors that say the database accepts no writes at all (a read-only file or mount,
 * a read-only PostgreSQL transaction or standby): retrying at once cannot help. Looks through
 * `cause`, since providers wrap driver errors in StorageError. Here, in model, because the worker
 * (which stops claiming) and HTTP (which answers 503) both classify with it.
 */
export function isStorageReadOnlyError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === '25006' || code === 'EROFS')) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
