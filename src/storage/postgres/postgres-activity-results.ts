import type { ActivityResult, PendingWork, PendingWorkCount, WorkKind } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import { insertEntityRows } from './postgres-episode-statements';
import { serializeEvent, toNumber, type Int8 } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Inside the caller's transaction, deletes the results' work items and queues their events to the
 * instances' inboxes, in one statement whatever the batch size. The DELETE decides: a result
 * whose item is already gone (another worker's result committed first) is dropped, and of two
 * results for one item in the batch only the first counts. Rows are locked in work-item order,
 * so two workers saving overlapping batches wait for each other instead of deadlocking. Messages
 * are queued in the order of the results. Returns how many results were accepted.
 */
export async function completeActivities(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  results: readonly ActivityResult[],
  now: number,
  changes: ChangeSet,
): Promise<number> {
  const first = new Map<number, ActivityResult>();
  for (const result of results) if (!first.has(result.workItemId)) first.set(result.workItemId, result);
  const batch = [...first.values()];
  const deleted = await db.query<{ work_item_id: Int8 }>(
    `WITH doomed AS (
       SELECT work_item_id FROM ${tables.activities} WHERE hub = $1 AND work_item_id = ANY($2::bigint[])
       ORDER BY work_item_id FOR UPDATE
     ), deleted AS (
       DELETE FROM ${tables.activities} a USING doomed d WHERE a.hub = $1 AND a.work_item_id = d.work_item_id
       RETURNING a.work_item_id
     ), queued AS (
       INSERT INTO ${tables.messages} (hub, instance_id, event, visible_at)
       SELECT $1, r.instance_id, r.event, $5
       FROM unnest($2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS r(work_item_id, instance_id, event, ord)
       JOIN deleted d ON d.work_item_id = r.work_item_id
       ORDER BY r.ord
       RETURNING 1
     )
     SELECT work_item_id FROM deleted`,
    [hub, batch.map((r) => r.workItemId), batch.map((r) => r.instanceId), batch.map((r) => serializeEvent(r.event)), now],
  );
  const gone = new Set(deleted.rows.map((row) => toNumber(row.work_item_id)));
  const accepted = batch.filter((result) => gone.has(result.workItemId));
  // Activities belong to orchestrations; should a result ever name an entity, its row is created as any first message's is.
  const entities = accepted.filter((result) => isEntityInstanceId(result.instanceId));
  await insertEntityRows(db, tables, hub, entities.map((r) => ({ instanceId: r.instanceId, name: parseEntityId(r.instanceId).name, now })));
  if (accepted.length > 0) changes.addWork('orchestration');
  return accepted.length;
}

/** The work due at `now` and not taken (see PendingWork): two index range counts. */
export async function pendingWork(db: Queryable, tables: PostgresTables, hub: string, now: number): Promise<PendingWork> {
  const result = await db.query<{ kind: WorkKind; pending: Int8; oldest: Int8 | null }>(
    `SELECT 'orchestration' AS kind, COUNT(*) AS pending, MIN(visible_at) AS oldest FROM ${tables.messages} WHERE hub = $1 AND visible_at <= $2
     UNION ALL
     SELECT 'activity', COUNT(*), MIN(visible_at) FROM ${tables.activities}
      WHERE hub = $1 AND visible_at <= $2 AND (locked_by IS NULL OR lock_expires_at <= $2)`,
    [hub, now],
  );
  const counts = (kind: WorkKind): PendingWorkCount => {
    const row = result.rows.find((r) => r.kind === kind);
    return { pending: row === undefined ? 0 : toNumber(row.pending), ...(row?.oldest != null ? { oldestVisibleAt: toNumber(row.oldest) } : {}) };
  };
  return { orchestration: counts('orchestration'), activity: counts('activity') };
}

/** Earliest visibility time of this kind of work after `now`, if any. */
export async function nextVisibleAt(db: Queryable, tables: PostgresTables, hub: string, kind: WorkKind, now: number): Promise<number | undefined> {
  const table = kind === 'orchestration' ? tables.messages : tables.activities;
  const result = await db.query<{ next: Int8 | null }>(`SELECT MIN(visible_at) AS next FROM ${table} WHERE hub = $1 AND visible_at > $2`, [hub, now]);
  const next = result.rows[0]?.next ?? null;
  return next === null ? undefined : toNumber(next);
}
