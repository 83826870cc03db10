import { createHash } from 'node:crypto';
import type { ChangeSet } from '../change-notifier';
import type { PostgresTables, Queryable } from './postgres-tables';

/** The session advisory lock that proves `owner` alive: a 64-bit key from the schema, hub and owner. */
export function workerLockKey(schema: string, hub: string, owner: string): string {
  return createHash('sha256').update(`durable-ts worker ${schema}\0${hub}\0${owner}`).digest().readBigInt64BE(0).toString();
}

export async function insertWorker(db: Queryable, tables: PostgresTables, hub: string, owner: string, key: string, now: number): Promise<void> {
  await db.query(
    `INSERT INTO ${tables.workers} (hub, owner, lock_key, registered_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (hub, owner) DO UPDATE SET lock_key = EXCLUDED.lock_key, registered_at = EXCLUDED.registered_at`,
    [hub, owner, key, now],
  );
}

/**
 * Inside the caller's transaction: forgets the listed workers (other than `self`) whose advisory
 * lock can be taken (held only until this transaction ends), and frees their leases.
 */
export async function reclaimFromGoneWorkers(db: Queryable, tables: PostgresTables, hub: string, self: string, changes: ChangeSet): Promise<number> {
  const gone = await db.query<{ owner: string }>(
    `DELETE FROM ${tables.workers} w
     WHERE w.hub = $1 AND w.owner <> $2 AND pg_try_advisory_xact_lock(w.lock_key)
     RETURNING w.owner`,
    [hub, self],
  );
  const owners = gone.rows.map((row) => row.owner);
  if (owners.length === 0) return 0;
  const instances = await db.query(
    `UPDATE ${tables.instances} SET locked_by = NULL, lock_expires_at = NULL WHERE hub = $1 AND locked_by = ANY($2::text[])`,
    [hub, owners],
  );
  const activities = await db.query(
    `UPDATE ${tables.activities} SET locked_by = NULL, lock_expires_at = NULL WHERE hub = $1 AND locked_by = ANY($2::text[])`,
    [hub, owners],
  );
  if ((instances.rowCount ?? 0) > 0) changes.addWork('orchestration');
  if ((activities.rowCount ?? 0) > 0) changes.addWork('activity');
  return owners.length;
}
