import { parseEntityId } from '../../model/entity-id';
import { isTerminalStatus, RUNTIME_STATUSES } from '../../model/runtime-status';
import { ChangeSet } from '../change-notifier';
import type { NewMessage, SendOutcome } from '../storage-records';
import type { Settled } from '../write-coalescer';
import { sendOutcome } from './postgres-client-batch';
import type { ChangeNotices } from './postgres-database';
import { serializeEvent } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

const H = '(SELECT $1::text)';
const TERMINAL = `(${RUNTIME_STATUSES.filter(isTerminalStatus).map((status) => `'${status}'`).join(', ')})`;

function sendSql(t: PostgresTables): string {
  return `
WITH m AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS m(instance_id, event, visible_at, ord)
), found AS (
  SELECT i.instance_id, i.runtime_status FROM ${t.instances} i
  WHERE i.hub = ${H} AND i.instance_id IN (SELECT instance_id FROM m)
  ORDER BY i.instance_id
  FOR SHARE
), queued AS (
  INSERT INTO ${t.messages} (hub, instance_id, event, visible_at)
  SELECT ${H}, m.instance_id, m.event, m.visible_at FROM m JOIN found f ON f.instance_id = m.instance_id
  WHERE f.runtime_status NOT IN ${TERMINAL}
  ORDER BY m.ord
  RETURNING 1
), notices AS (
  SELECT pg_notify($5, n) FROM unnest($6::text[]) AS n WHERE EXISTS (SELECT 1 FROM queued)
)
SELECT (SELECT COALESCE(json_object_agg(instance_id, runtime_status), '{}'::json) FROM found) AS statuses,
  (SELECT count(*) FROM notices) AS notices`;
}

function signalSql(t: PostgresTables): string {
  return `
WITH m AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[]) WITH ORDINALITY AS m(instance_id, event, visible_at, name, now, ord)
), entities AS (
  INSERT INTO ${t.instances} (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)
  SELECT DISTINCT ON (m.instance_id) ${H}, m.instance_id, '', m.name, 'Running', m.now, m.now, 0
  FROM m
  ORDER BY m.instance_id, m.ord
  ON CONFLICT DO NOTHING
), queued AS (
  INSERT INTO ${t.messages} (hub, instance_id, event, visible_at)
  SELECT ${H}, m.instance_id, m.event, m.visible_at FROM m
  ORDER BY m.ord
), notices AS (
  SELECT pg_notify($7, n) FROM unnest($8::text[]) AS n
)
SELECT (SELECT count(*) FROM notices) AS notices`;
}

const workHint = (): ChangeSet => {
  const hint = new ChangeSet();
  hint.addWork('orchestration');
  return hint;
};

/**
 * Queues events to instances as one self-committing statement (one round trip), with the same
 * outcomes as postgres-client-batch's sendToInstances: the rows are read FOR SHARE in id order
 * (waiting for an episode commit in progress on them), and an event is queued only to an instance
 * that exists and has not finished.
 */
export async function sendToInstancesInOneStatement(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  messages: readonly NewMessage[],
  notices: (changes: ChangeSet) => ChangeNotices,
  changes: ChangeSet,
): Promise<Settled<SendOutcome>[]> {
  const { channel, payloads } = notices(workHint());
  const result = await db.query<{ statuses: Record<string, string> }>(sendSql(tables), [
    hub,
    messages.map((m) => m.instanceId),
    messages.map((m) => serializeEvent(m.event)),
    messages.map((m) => m.visibleAt),
    channel,
    payloads,
  ]);
  const statuses = result.rows[0]?.statuses ?? {};
  const outcomes = messages.map((message) => sendOutcome(statuses[message.instanceId]));
  if (outcomes.some((outcome) => outcome.kind === 'sent')) changes.addWork('orchestration');
  return outcomes.map((value) => ({ ok: true, value }));
}

/**
 * Queues signals to entities as one self-committing statement (one round trip): an entity's row is
 * created by its first message (at that signal's `now`), and every message is queued in order.
 */
export async function sendToEntitiesInOneStatement(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  signals: readonly { readonly message: NewMessage; readonly now: number }[],
  notices: (changes: ChangeSet) => ChangeNotices,
  changes: ChangeSet,
): Promise<Settled<undefined>[]> {
  const { channel, payloads } = notices(workHint());
  await db.query(signalSql(tables), [
    hub,
    signals.map(({ message }) => message.instanceId),
    signals.map(({ message }) => serializeEvent(message.event)),
    signals.map(({ message }) => message.visibleAt),
    signals.map(({ message }) => parseEntityId(message.instanceId).name),
    signals.map(({ now }) => now),
    channel,
    payloads,
  ]);
  changes.addWork('orchestration');
  return signals.map(() => ({ ok: true, value: undefined }));
}
