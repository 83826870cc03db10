import type { ActivityResult, WorkKind } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import { serializeEvent, toNumber, type Int8 } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Inside the caller's transaction, deletes each result's work item and queues its event to the
 * instance's inbox. The DELETE decides: a result whose item is already gone (a duplicate in this
 * batch, or another worker's result committed first) is dropped. Returns how many were accepted.
 */
export async function completeActivities(
  db: Queryable,
  t: PostgresTables,
  hub: string,
  results: readonly ActivityResult[],
  now: number,
  changes: ChangeSet,
): Promise<number> {
  let accepted = 0;
  for (const result of results) {
    const deleted = await db.query(`DELETE FROM ${t.activities} WHERE hub = $1 AND work_item_id = $2`, [hub, result.workItemId]);
    if (deleted.rowCount === 0) continue;
    await db.query(`INSERT INTO ${t.messages} (hub, instance_id, event, visible_at) VALUES ($1, $2, $3, $4)`, [
      hub,
      result.instanceId,
      serializeEvent(result.event),
      now,
    ]);
    changes.addWork('orchestration');
    accepted++;
  }
  return accepted;
}

/** Earliest visibility time of this kind of work after `now`, if any. */
export async function nextVisibleAt(db: Queryable, t: PostgresTables, hub: string, kind: WorkKind, now: number): Promise<number | undefined> {
  const table = kind === 'orchestration' ? t.messages : t.activities;
  const result = await db.query<{ next: Int8 | null }>(`SELECT MIN(visible_at) AS next FROM ${table} WHERE hub = $1 AND visible_at > $2`, [hub, now]);
  const next = result.rows[0]?.next ?? null;
  return next === null ? undefined : toNumber(next);
}
