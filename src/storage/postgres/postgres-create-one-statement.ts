import { ChangeSet } from '../change-notifier';
import type { CreatedInstance, NewInstance } from '../storage-records';
import { newInstanceColumns } from './postgres-client-batch';
import type { ChangeNotices } from './postgres-database';
import { serializeEvent, toNumber, type Int8 } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

const H = '(SELECT $1::text)';

function createSql(t: PostgresTables): string {
  return `
WITH c AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::bigint[], $12::text[], $13::bigint[])
    AS c(instance_id, execution_id, name, version, input, created_at, event, visible_at, locked_by, lock_expires_at)
), placed AS (
  INSERT INTO ${t.instances} (hub, instance_id, execution_id, name, version, runtime_status, input, created_at, last_updated_at,
    history_length, locked_by, lock_expires_at)
  SELECT ${H}, c.instance_id, c.execution_id, c.name, c.version, 'Pending', c.input, c.created_at, c.created_at, 0, c.locked_by, c.lock_expires_at
  FROM c
  ORDER BY c.instance_id
  ON CONFLICT (hub, instance_id) DO NOTHING
  RETURNING instance_id
), queued AS (
  INSERT INTO ${t.messages} (hub, instance_id, event, visible_at, dequeue_count)
  SELECT ${H}, c.instance_id, c.event, c.visible_at, CASE WHEN c.locked_by IS NULL THEN 0 ELSE 1 END
  FROM c JOIN placed p ON p.instance_id = c.instance_id
  WHERE c.locked_by IS NULL OR NOT $14::boolean
  ORDER BY c.instance_id
  RETURNING instance_id, message_id, dequeue_count
), notices AS (
  SELECT pg_notify($10, n) FROM unnest($11::text[]) AS n WHERE EXISTS (SELECT 1 FROM placed)
)
SELECT (SELECT COALESCE(json_agg(instance_id), '[]'::json) FROM placed) AS placed,
  (SELECT COALESCE(json_object_agg(instance_id, message_id), '{}'::json) FROM queued WHERE dequeue_count = 1) AS leased,
  (SELECT count(*) FROM notices) AS notices`;
}

/**
 * Starts instances with distinct, free ids as one self-committing statement (one round trip):
 * each row with its ExecutionStarted message, and the NOTIFY to other processes; an eager start
 * (NewInstance.lease) is created leased, its message counted as dequeued once. Returns what it
 * placed, by id: the leased start's message id, or undefined. An id that was taken is left alone
 * (no row, no message), for the caller to start the way a taken id is started
 * (postgres-client-batch's placeTakenInstance), without a lease. `instances` must have distinct ids.
 * With `firstEpisodes`, a leased start gets no message at all: its first episode, committed in
 * the same transaction, consumes the ExecutionStarted that was never stored.
 */
export async function createInstancesInOneStatement(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  instances: readonly NewInstance[],
  notices: (changes: ChangeSet) => ChangeNotices,
  changes: ChangeSet,
  firstEpisodes = false,
): Promise<Map<string, CreatedInstance>> {
  const hint = new ChangeSet();
  for (const instance of instances) hint.addInstance(instance.instanceId);
  hint.addWork('orchestration');
  const { channel, payloads } = notices(hint);
  const result = await db.query<{ placed: string[]; leased: Record<string, Int8> }>(createSql(tables), [
    hub,
    ...newInstanceColumns(instances),
    instances.map((i) => serializeEvent(i.startEvent)),
    instances.map((i) => i.visibleAt ?? i.createdAt),
    channel,
    payloads,
    instances.map((i) => i.lease?.owner ?? null),
    instances.map((i) => i.lease?.expiresAt ?? null),
    firstEpisodes,
  ]);
  const row = result.rows[0];
  const leased = row?.leased ?? {};
  const placed = new Map<string, CreatedInstance>();
  for (const id of row?.placed ?? []) {
    const messageId = leased[id];
    placed.set(id, messageId !== undefined ? { leasedStartMessageId: toNumber(messageId) } : {});
    changes.addInstance(id);
  }
  // A leased start is work for its own worker only; the others' claims would skip it anyway.
  if (instances.some((i) => i.lease === undefined && placed.has(i.instanceId))) changes.addWork('orchestration');
  return placed;
}
