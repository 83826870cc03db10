import { decodeContinuationToken, encodeContinuationToken } from '../continuation-token';
import type { InstanceFilter, InstancePage, InstanceQuery } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import { toInstanceRecord, type InstanceRow } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

const TERMINAL = `runtime_status IN ('Completed', 'Failed', 'Terminated')`;

interface Where {
  readonly sql: string;
  readonly values: unknown[];
}

/** The filter as a WHERE clause with numbered parameters ($1 is the hub). */
function whereOf(hub: string, filter: InstanceFilter & { readonly instanceId?: string }): Where {
  const values: unknown[] = [hub];
  const clauses = ['hub = $1', filter.kind === 'entities' ? "starts_with(instance_id, '@')" : "NOT starts_with(instance_id, '@')"];
  const add = (clause: (param: string) => string, value: unknown): void => {
    values.push(value);
    clauses.push(clause(`$${values.length}`));
  };
  if (filter.instanceId !== undefined) add((p) => `instance_id = ${p}`, filter.instanceId);
  if (filter.createdFrom !== undefined) add((p) => `created_at >= ${p}`, filter.createdFrom);
  if (filter.updatedFrom !== undefined) add((p) => `last_updated_at >= ${p}`, filter.updatedFrom);
  if (filter.updatedTo !== undefined) add((p) => `last_updated_at <= ${p}`, filter.updatedTo);
  if (filter.createdTo !== undefined) add((p) => `created_at <= ${p}`, filter.createdTo);
  if (filter.instanceIdPrefix !== undefined && filter.instanceIdPrefix.length > 0) {
    add((p) => `starts_with(instance_id, ${p})`, filter.instanceIdPrefix);
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) add((p) => `runtime_status = ANY(${p}::text[])`, [...filter.statuses]);
  return { sql: clauses.join(' AND '), values };
}

/** Keyset paging on (created_at, instance_id): rows created later land after every cursor. */
export async function queryInstances(db: Queryable, tables: PostgresTables, hub: string, query: InstanceQuery): Promise<InstancePage> {
  const { sql, values } = whereOf(hub, query);
  let text = `SELECT * FROM ${tables.instances} WHERE ${sql}`;
  if (query.continuationToken !== undefined) {
    const cursor = decodeContinuationToken(query.continuationToken);
    values.push(cursor.createdAt, cursor.instanceId);
    const [after, afterId] = [`$${values.length - 1}`, `$${values.length}`];
    text += ` AND (created_at > ${after} OR (created_at = ${after} AND instance_id > ${afterId}))`;
  }
  values.push(query.pageSize + 1);
  text += ` ORDER BY created_at, instance_id LIMIT $${values.length}`;
  const rows = (await db.query<InstanceRow>(text, values)).rows;
  const page = rows.slice(0, query.pageSize).map(toInstanceRecord);
  const last = page.at(-1);
  return rows.length > query.pageSize && last !== undefined
    ? { instances: page, continuationToken: encodeContinuationToken({ createdAt: last.createdAt.getTime(), instanceId: last.instanceId }) }
    : { instances: page };
}

/**
 * Inside the caller's transaction, deletes the finished instances matching the filter (the DELETE
 * locks each row and re-checks it is still finished), then everything they owned. Returns the count.
 */
export async function purgeInstances(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  filter: InstanceFilter & { readonly instanceId?: string },
  changes: ChangeSet,
): Promise<number> {
  const { sql, values } = whereOf(hub, filter);
  const deleted = await db.query<{ instance_id: string }>(`DELETE FROM ${tables.instances} WHERE ${sql} AND ${TERMINAL} RETURNING instance_id`, values);
  const ids = deleted.rows.map((row) => row.instance_id);
  if (ids.length === 0) return 0;
  for (const table of [tables.history, tables.messages, tables.activities]) {
    await db.query(`DELETE FROM ${table} WHERE hub = $1 AND instance_id = ANY($2::text[])`, [hub, ids]);
  }
  ids.forEach((id) => changes.addInstance(id));
  return ids.length;
}
