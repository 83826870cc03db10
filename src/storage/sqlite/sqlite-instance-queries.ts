import { deleteHistoryOf } from './sqlite-history-schema';
import { decodeContinuationToken, encodeContinuationToken } from '../continuation-token';
import type { InstanceFilter, InstancePage, InstanceQuery } from '../storage-records';
import type { SqliteDatabaseHandle } from './sqlite-database-handle';
import type { InstanceRow } from './sqlite-rows';
import { toInstanceRecord } from './sqlite-rows';

const TERMINAL = `runtime_status IN ('Completed', 'Failed', 'Terminated')`;

interface Where {
  readonly sql: string;
  readonly params: Record<string, string | number>;
}

function whereOf(hub: string, filter: InstanceFilter & { instanceId?: string }): Where {
  const clauses = ['hub = @hub', filter.kind === 'entities' ? "substr(instance_id, 1, 1) = '@'" : "substr(instance_id, 1, 1) <> '@'"];
  const params: Record<string, string | number> = { hub };
  if (filter.updatedFrom !== undefined) {
    clauses.push('last_updated_at >= @updatedFrom');
    params.updatedFrom = filter.updatedFrom;
  }
  if (filter.updatedTo !== undefined) {
    clauses.push('last_updated_at <= @updatedTo');
    params.updatedTo = filter.updatedTo;
  }
  if (filter.instanceId !== undefined) {
    clauses.push('instance_id = @instanceId');
    params.instanceId = filter.instanceId;
  }
  if (filter.createdFrom !== undefined) {
    clauses.push('created_at >= @createdFrom');
    params.createdFrom = filter.createdFrom;
  }
  if (filter.createdTo !== undefined) {
    clauses.push('created_at <= @createdTo');
    params.createdTo = filter.createdTo;
  }
  if (filter.instanceIdPrefix !== undefined && filter.instanceIdPrefix.length > 0) {
    clauses.push("substr(instance_id, 1, length(@prefix)) = @prefix");
    params.prefix = filter.instanceIdPrefix;
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    const names = filter.statuses.map((status, i) => {
      params[`status${i}`] = status;
      return `@status${i}`;
    });
    clauses.push(`runtime_status IN (${names.join(', ')})`);
  }
  return { sql: clauses.join(' AND '), params };
}

/** Keyset paging on (created_at, instance_id): rows created later land after every cursor. */
export function queryInstances(handle: SqliteDatabaseHandle, hub: string, query: InstanceQuery): InstancePage {
  const where = whereOf(hub, query);
  const params = { ...where.params, limit: query.pageSize + 1 };
  let sql = `SELECT * FROM instances WHERE ${where.sql}`;
  if (query.continuationToken !== undefined) {
    const cursor = decodeContinuationToken(query.continuationToken);
    sql += ' AND (created_at > @afterCreated OR (created_at = @afterCreated AND instance_id > @afterId))';
    Object.assign(params, { afterCreated: cursor.createdAt, afterId: cursor.instanceId });
  }
  sql += ' ORDER BY created_at, instance_id LIMIT @limit';
  return handle.read('query instances', () => {
    const rows = handle.database().prepare<Record<string, string | number>, InstanceRow>(sql).all(params);
    const page = rows.slice(0, query.pageSize).map(toInstanceRecord);
    const last = page.at(-1);
    return rows.length > query.pageSize && last !== undefined
      ? { instances: page, continuationToken: encodeContinuationToken({ createdAt: last.createdAt.getTime(), instanceId: last.instanceId }) }
      : { instances: page };
  });
}

/** Deletes finished instances matching the filter, with everything they own; returns the count. */
export function purgeInstances(handle: SqliteDatabaseHandle, hub: string, filter: InstanceFilter & { instanceId?: string }): number {
  const where = whereOf(hub, filter);
  const selected = `SELECT instance_id FROM instances WHERE ${where.sql} AND ${TERMINAL}`;
  return handle.write('purge instances', (_statements, changes) => {
    const db = handle.database();
    const ids = db.prepare<Record<string, string | number>, { instance_id: string }>(selected).all(where.params).map((r) => r.instance_id);
    db.prepare(deleteHistoryOf(`${where.sql} AND ${TERMINAL}`)).run(where.params);
    for (const table of ['orchestration_messages', 'activity_items']) {
      db.prepare(`DELETE FROM ${table} WHERE hub = @hub AND instance_id IN (${selected})`).run(where.params);
    }
    db.prepare(`DELETE FROM instances WHERE ${where.sql} AND ${TERMINAL}`).run(where.params);
    for (const id of ids) changes.addInstance(id);
    return ids.length;
  });
}
