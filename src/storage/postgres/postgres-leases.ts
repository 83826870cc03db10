import type { ChangeSet } from '../change-notifier';
import { toNumber, type Int8 } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Releases `owner`'s lease on an instance and delays all its inbox messages to `retryAt`, inside
 * the caller's transaction; does nothing if `owner` does not hold the lease.
 */
export async function abandonOrchestration(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  request: { owner: string; instanceId: string; retryAt: number },
  changes: ChangeSet,
): Promise<void> {
  const key = [hub, request.instanceId];
  const released = await db.query(
    `UPDATE ${tables.instances} SET locked_by = NULL, lock_expires_at = NULL WHERE hub = $1 AND instance_id = $2 AND locked_by = $3`,
    [...key, request.owner],
  );
  if (released.rowCount === 0) return;
  await db.query(
    `UPDATE ${tables.messages} SET visible_at = GREATEST(visible_at, $3) WHERE hub = $1 AND instance_id = $2`,
    [...key, request.retryAt],
  );
  changes.addWork('orchestration');
}

/**
 * One statement: extends the leases `owner` still holds; returns those ids, in the order asked.
 * It never waits for a row: one locked by a commit in progress (which releases the lease anyway)
 * is skipped, so a renewal cannot deadlock with its own worker's commit.
 */
export async function renewOrchestrationLeases(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  request: { owner: string; instanceIds: readonly string[]; expiresAt: number },
): Promise<string[]> {
  const ids = [...new Set(request.instanceIds)];
  const result = await db.query<{ instance_id: string }>(
    `UPDATE ${tables.instances} i SET lock_expires_at = $4
     FROM (SELECT instance_id FROM ${tables.instances} WHERE hub = $1 AND instance_id = ANY($2::text[]) AND locked_by = $3
           ORDER BY instance_id FOR UPDATE SKIP LOCKED) mine
     WHERE i.hub = $1 AND i.instance_id = mine.instance_id
     RETURNING i.instance_id`,
    [hub, ids, request.owner, request.expiresAt],
  );
  const renewed = new Set(result.rows.map((row) => row.instance_id));
  return ids.filter((id) => renewed.has(id));
}

/** One statement: releases `owner`'s lease on an activity item, visible again at `retryAt`. */
export async function abandonActivity(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  request: { owner: string; workItemId: number; retryAt: number },
  changes: ChangeSet,
): Promise<void> {
  const result = await db.query(
    `UPDATE ${tables.activities} SET locked_by = NULL, lock_expires_at = NULL, visible_at = $4
     WHERE hub = $1 AND work_item_id = $2 AND locked_by = $3`,
    [hub, request.workItemId, request.owner, request.retryAt],
  );
  if ((result.rowCount ?? 0) > 0) changes.addWork('activity');
}

/**
 * One statement: extends the activity leases `owner` still holds; returns those ids, in the order
 * asked. Like the orchestration renewal, it skips rows another transaction holds instead of waiting.
 */
export async function renewActivityLeases(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  request: { owner: string; workItemIds: readonly number[]; expiresAt: number },
): Promise<number[]> {
  const ids = [...new Set(request.workItemIds)];
  const result = await db.query<{ work_item_id: Int8 }>(
    `UPDATE ${tables.activities} a SET lock_expires_at = $4
     FROM (SELECT work_item_id FROM ${tables.activities} WHERE hub = $1 AND work_item_id = ANY($2::bigint[]) AND locked_by = $3
           ORDER BY work_item_id FOR UPDATE SKIP LOCKED) mine
     WHERE a.hub = $1 AND a.work_item_id = mine.work_item_id
     RETURNING a.work_item_id`,
    [hub, ids, request.owner, request.expiresAt],
  );
  const renewed = new Set(result.rows.map((row) => toNumber(row.work_item_id)));
  return ids.filter((id) => renewed.has(id));
}
