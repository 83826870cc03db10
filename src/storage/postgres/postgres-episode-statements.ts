import type { EpisodeUpdateValues } from '../episode-update-values';
import type { NewActivity } from '../storage-records';
import type { PostgresTables, Queryable } from './postgres-tables';
import { toNumber, type Int8 } from './postgres-rows';

/**
 * Set-based writes of several episodes at once, one statement each whatever the number of rows
 * (arrays through unnest). Rows are written in the order given; ids (activity work items,
 * messages) are assigned in that order. Each runs inside the caller's transaction, which holds
 * the locks of the episodes' instance rows. The joins compare the hub with `(SELECT $1::text)`,
 * not `$1`, so the planner cannot take the hub's share of a table from statistics older than the
 * hub (a new hub looks empty until the table is analysed again) and scan the hub's whole index
 * instead of looking each row up by its key. Statistics that say a whole table is empty (never
 * analysed since it filled, e.g. with autovacuum off) still mislead it, as they do any query.
 */

export interface ConsumedMessageRow {
  readonly instanceId: string;
  readonly messageId: number;
}

export interface HistoryRow {
  readonly instanceId: string;
  readonly seq: number;
  /** Serialised. */
  readonly event: string;
}

/** The end of an episode on its instance row; null leaves a column as it is (COALESCE). */
export interface InstanceRowUpdate extends EpisodeUpdateValues {
  readonly instanceId: string;
  readonly entityState: string | null;
}

export interface ActivityRow {
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input: string | null;
  readonly timeoutMs: number | null;
  readonly visibleAt: number;
  /** Set for an item created leased to the committing worker (see NewActivity.leaseExpiresAt). */
  readonly lockedBy: string | null;
  readonly lockExpiresAt: number | null;
}

/** The row of one new activity of an execution; `owner` leases it when the activity asks to be leased. */
export function toActivityRow(instanceId: string, executionId: string, activity: NewActivity, owner?: string): ActivityRow {
  const leased = owner !== undefined && activity.leaseExpiresAt !== undefined;
  return {
    instanceId,
    executionId,
    taskId: activity.taskId,
    name: activity.name,
    input: activity.input ?? null,
    timeoutMs: activity.timeoutMs ?? null,
    visibleAt: activity.visibleAt,
    lockedBy: leased ? owner : null,
    lockExpiresAt: leased ? (activity.leaseExpiresAt ?? null) : null,
  };
}

/** An activity item created leased: which instance and task it is for, and its id. */
export interface LeasedActivityId {
  readonly instanceId: string;
  readonly taskId: number;
  readonly workItemId: number;
}

export interface MessageRow {
  readonly instanceId: string;
  /** Serialised. */
  readonly event: string;
  readonly visibleAt: number;
}

/** An entity row a message creates if it does not exist yet, created at `now`. */
export interface EntityRow {
  readonly instanceId: string;
  readonly name: string;
  readonly now: number;
}

export async function deleteConsumedMessages(db: Queryable, tables: PostgresTables, hub: string, rows: readonly ConsumedMessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `DELETE FROM ${tables.messages} AS m USING unnest($2::text[], $3::bigint[]) AS c(instance_id, message_id)
     WHERE m.hub = (SELECT $1::text) AND m.instance_id = c.instance_id AND m.message_id = c.message_id`,
    [hub, rows.map((r) => r.instanceId), rows.map((r) => r.messageId)],
  );
}

export async function insertHistoryRows(db: Queryable, tables: PostgresTables, hub: string, rows: readonly HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${tables.history} (hub, instance_id, seq, event)
     SELECT $1, h.instance_id, h.seq, h.event FROM unnest($2::text[], $3::integer[], $4::text[]) AS h(instance_id, seq, event)`,
    [hub, rows.map((r) => r.instanceId), rows.map((r) => r.seq), rows.map((r) => r.event)],
  );
}

/** The end of an episode on instance row `i` from update row `u` (see InstanceRowUpdate); releases the lease. */
export const EPISODE_ROW_UPDATE = `runtime_status = u.runtime_status,
       output = COALESCE(u.output, i.output),
       failure_details = COALESCE(u.failure_details, i.failure_details),
       custom_status = COALESCE(u.custom_status, i.custom_status),
       last_updated_at = u.last_updated_at,
       completed_at = COALESCE(u.completed_at, i.completed_at),
       history_length = i.history_length + u.appended,
       entity_state = COALESCE(u.entity_state, i.entity_state),
       locked_by = NULL, lock_expires_at = NULL`;

/** Updates each instance row at most once (`rows` must not name an instance twice) and releases its lease. */
export async function updateInstanceRows(db: Queryable, tables: PostgresTables, hub: string, rows: readonly InstanceRowUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE ${tables.instances} AS i SET ${EPISODE_ROW_UPDATE}
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::integer[], $10::text[])
       AS u(instance_id, runtime_status, output, failure_details, custom_status, last_updated_at, completed_at, appended, entity_state)
     WHERE i.hub = (SELECT $1::text) AND i.instance_id = u.instance_id`,
    [
      hub,
      rows.map((r) => r.instanceId),
      rows.map((r) => r.runtimeStatus),
      rows.map((r) => r.output),
      rows.map((r) => r.failureDetails),
      rows.map((r) => r.customStatus),
      rows.map((r) => r.lastUpdatedAt),
      rows.map((r) => r.completedAt),
      rows.map((r) => r.appended),
      rows.map((r) => r.entityState),
    ],
  );
}

/** Inserts activity items; returns the ids of those created leased (dequeued once). */
export async function insertActivityRows(db: Queryable, tables: PostgresTables, hub: string, rows: readonly ActivityRow[]): Promise<LeasedActivityId[]> {
  if (rows.length === 0) return [];
  const result = await db.query<{ instance_id: string; task_id: number; work_item_id: Int8; locked_by: string | null }>(
    `INSERT INTO ${tables.activities} (hub, instance_id, execution_id, task_id, name, input, timeout_ms, visible_at,
       locked_by, lock_expires_at, dequeue_count)
     SELECT $1, a.instance_id, a.execution_id, a.task_id, a.name, a.input, a.timeout_ms, a.visible_at,
       a.locked_by, a.lock_expires_at, CASE WHEN a.locked_by IS NULL THEN 0 ELSE 1 END
     FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::bigint[])
       WITH ORDINALITY AS a(instance_id, execution_id, task_id, name, input, timeout_ms, visible_at, locked_by, lock_expires_at, ord)
     ORDER BY a.ord
     RETURNING instance_id, task_id, work_item_id, locked_by`,
    [
      hub,
      rows.map((r) => r.instanceId),
      rows.map((r) => r.executionId),
      rows.map((r) => r.taskId),
      rows.map((r) => r.name),
      rows.map((r) => r.input),
      rows.map((r) => r.timeoutMs),
      rows.map((r) => r.visibleAt),
      rows.map((r) => r.lockedBy),
      rows.map((r) => r.lockExpiresAt),
    ],
  );
  return result.rows
    .filter((row) => row.locked_by !== null)
    .map((row) => ({ instanceId: row.instance_id, taskId: row.task_id, workItemId: toNumber(row.work_item_id) }));
}

/** Deletes activity items an episode consumed the results of (their rows are locked by the fence). */
export async function deleteActivityRows(db: Queryable, tables: PostgresTables, hub: string, workItemIds: readonly number[]): Promise<void> {
  if (workItemIds.length === 0) return;
  await db.query(`DELETE FROM ${tables.activities} WHERE hub = (SELECT $1::text) AND work_item_id = ANY($2::bigint[])`, [hub, workItemIds]);
}

/** Creates the entity rows that do not exist yet (the first row given for an id wins); returns the ids created. */
export async function insertEntityRows(db: Queryable, tables: PostgresTables, hub: string, rows: readonly EntityRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const result = await db.query<{ instance_id: string }>(
    `INSERT INTO ${tables.instances} (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)
     SELECT DISTINCT ON (e.id) $1, e.id, '', e.name, 'Running', e.now, e.now, 0
     FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS e(id, name, now, ord)
     ORDER BY e.id, e.ord
     ON CONFLICT DO NOTHING
     RETURNING instance_id`,
    [hub, rows.map((r) => r.instanceId), rows.map((r) => r.name), rows.map((r) => r.now)],
  );
  return result.rows.map((row) => row.instance_id);
}

export async function insertMessageRows(db: Queryable, tables: PostgresTables, hub: string, rows: readonly MessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${tables.messages} (hub, instance_id, event, visible_at)
     SELECT $1, m.instance_id, m.event, m.visible_at
     FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS m(instance_id, event, visible_at, ord)
     ORDER BY m.ord`,
    [hub, rows.map((r) => r.instanceId), rows.map((r) => r.event), rows.map((r) => r.visibleAt)],
  );
}
