import type { SqliteDatabaseHandle } from './sqlite-database-handle';
import type { SqliteWorkerPresence } from './sqlite-worker-presence';

/**
 * Announces `owner` as a live worker of the hub (taking its presence lock first, so it is never
 * listed without one), then frees the leases of listed workers whose lock can be taken: their
 * process is gone, so their work is claimable now instead of when their leases run out. Fencing
 * still guards every commit, so even a wrong verdict could cost a re-run, never a double write.
 * Returns how many gone workers it found.
 */
export function registerSqliteWorker(handle: SqliteDatabaseHandle, presence: SqliteWorkerPresence, hub: string, owner: string, now: number): number {
  const lockFile = presence.hold(owner);
  const db = handle.database();
  handle.write(`register worker '${owner}'`, () => {
    db.prepare('INSERT OR REPLACE INTO workers (hub, owner, lock_file, registered_at) VALUES (?, ?, ?, ?)').run(hub, owner, lockFile, now);
  });
  return reclaimFromGoneSqliteWorkers(handle, presence, hub, owner);
}

/** Frees the leases of listed workers (other than `self`) proven gone, and forgets them. */
export function reclaimFromGoneSqliteWorkers(handle: SqliteDatabaseHandle, presence: SqliteWorkerPresence, hub: string, self: string): number {
  const db = handle.database();
  const listed = handle.read('list workers', () =>
    db.prepare('SELECT owner, lock_file FROM workers WHERE hub = ? AND owner <> ?').all(hub, self) as { owner: string; lock_file: string }[],
  );
  const gone = listed.filter((worker) => !presence.isHeld(worker.lock_file));
  if (gone.length === 0) return 0;
  handle.write(`free the leases of ${gone.length} gone worker(s)`, (_statements, changes) => {
    for (const { owner } of gone) {
      const instances = db.prepare('UPDATE instances SET locked_by = NULL, lock_expires_at = NULL WHERE hub = ? AND locked_by = ?').run(hub, owner);
      const activities = db.prepare('UPDATE activity_items SET locked_by = NULL, lock_expires_at = NULL WHERE hub = ? AND locked_by = ?').run(hub, owner);
      db.prepare('DELETE FROM workers WHERE hub = ? AND owner = ?').run(hub, owner);
      if (instances.changes > 0) changes.addWork('orchestration');
      if (activities.changes > 0) changes.addWork('activity');
    }
  });
  for (const { lock_file: file } of gone) presence.forget(file);
  return gone.length;
}

/** Removes `owner` from the list and lets go of its presence lock (a clean stop). */
export function unregisterSqliteWorker(handle: SqliteDatabaseHandle, presence: SqliteWorkerPresence, hub: string, owner: string): void {
  handle.write(`unregister worker '${owner}'`, () => {
    handle.database().prepare('DELETE FROM workers WHERE hub = ? AND owner = ?').run(hub, owner);
  });
  presence.release(owner);
}
