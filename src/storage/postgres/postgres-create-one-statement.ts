import { ChangeSet } from '../change-notifier';
import type { NewInstance } from '../storage-records';
import { newInstanceColumns } from './postgres-client-batch';
import type { ChangeNotices } from './postgres-database';
import { serializeEvent } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

const H = '(SELECT $1::text)';

function createSql(t: PostgresTables): string {
  return `
WITH c AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::bigint[])
    AS c(instance_id, execution_id, name, version, input, created_at, event, visible_at)
), placed AS (
  INSERT INTO ${t.instances} (hub, instance_id, execution_id, name, version, runtime_status, input, created_at, last_updated_at, history_length)
  SELECT ${H}, c.instance_id, c.execution_id, c.name, c.version, 'Pending', c.input, c.created_at, c.created_at, 0
  FROM c
  ORDER BY c.instance_id
  ON CONFLICT (hub, instance_id) DO NOTHING
  RETURNING instance_id
), queued AS (
  INSERT INTO ${t.messages} (hub, instance_id, event, visible_at)
  SELECT ${H}, c.instance_id, c.event, c.visible_at FROM c JOIN placed p ON p.instance_id = c.instance_id
  ORDER BY c.instance_id
), notices AS (
  SELECT pg_notify($10, n) FROM unnest($11::text[]) AS n WHERE EXISTS (SELECT 1 FROM placed)
)
SELECT (SELECT COALESCE(json_agg(instance_id), '[]'::json) FROM placed) AS placed, (SELECT count(*) FROM notices) AS notices`;
}

/**
 * Starts instances with distinct, free ids as one self-committing statement (one round trip):
 * each row with its ExecutionStarted message, and the NOTIFY to other processes. Returns the ids
 * it placed; an id that was taken is left alone (no row, no message), for the caller to start the
 * way a taken id is started (postgres-client-batch's placeTakenInstance). `instances` must have
 * distinct ids.
 */
export async function createInstancesInOneStatement(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  instances: readonly NewInstance[],
  notices: (changes: ChangeSet) => ChangeNotices,
  changes: ChangeSet,
): Promise<Set<string>> {
  const hint = new ChangeSet();
  for (const instance of instances) hint.addInstance(instance.instanceId);
  hint.addWork('orchestration');
  const { channel, payloads } = notices(hint);
  const result = await db.query<{ placed: string[] }>(createSql(tables), [
    hub,
    ...newInstanceColumns(instances),
    instances.map((i) => serializeEvent(i.startEvent)),
    instances.map((i) => i.visibleAt ?? i.createdAt),
    channel,
    payloads,
  ]);
  const placed = new Set(result.rows[0]?.placed ?? []);
  for (const id of placed) changes.addInstance(id);
  if (placed.size > 0) changes.addWork('orchestration');
  return placed;
}
