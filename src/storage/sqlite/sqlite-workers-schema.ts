/**
 * Schema step "workers": the workers that announced themselves, with the lock file that proves
 * each one alive (see SqliteWorkerPresence). Only leases of workers listed here are ever freed
 * early; a lease whose owner never registered waits out its time as before.
 */
export const SQLITE_WORKERS_STEP = `
CREATE TABLE IF NOT EXISTS workers (
  hub TEXT NOT NULL,
  owner TEXT NOT NULL,
  lock_file TEXT NOT NULL,
  registered_at INTEGER NOT NULL,
  PRIMARY KEY (hub, owner)
);
`;
