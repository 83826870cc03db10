import type { HistoryEvent } from '../../model/history-event';
import type { NewActivity, NewMessage } from '../storage-records';
import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import { serializeEvent } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Multi-row inserts (one statement each, arrays through unnest) used inside the caller's
 * transaction. Events are serialised first, so an event with no JSON form throws before writing.
 */

/** Appends `events` to an instance's history, numbered from `firstSeq`. */
export async function insertHistory(
  db: Queryable,
  t: PostgresTables,
  key: { hub: string; instanceId: string },
  firstSeq: number,
  events: readonly HistoryEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO ${t.history} (hub, instance_id, seq, event)
     SELECT $1, $2, $3::integer + e.ord::integer - 1, e.event FROM unnest($4::text[]) WITH ORDINALITY AS e(event, ord)`,
    [key.hub, key.instanceId, firstSeq, events.map(serializeEvent)],
  );
}

/** Creates activity work items for one execution, their ids in the order given. */
export async function insertActivities(
  db: Queryable,
  t: PostgresTables,
  owner: { hub: string; instanceId: string; executionId: string },
  activities: readonly NewActivity[],
): Promise<void> {
  if (activities.length === 0) return;
  await db.query(
    `INSERT INTO ${t.activities} (hub, instance_id, execution_id, task_id, name, input, visible_at)
     SELECT $1, $2, $3, a.task_id, a.name, a.input, a.visible_at
     FROM unnest($4::integer[], $5::text[], $6::text[], $7::bigint[]) WITH ORDINALITY AS a(task_id, name, input, visible_at, ord)
     ORDER BY a.ord`,
    [
      owner.hub,
      owner.instanceId,
      owner.executionId,
      activities.map((a) => a.taskId),
      activities.map((a) => a.name),
      activities.map((a) => a.input ?? null),
      activities.map((a) => a.visibleAt),
    ],
  );
}

/** Queues messages to instances' inboxes, their ids in the order given; an entity's row is created by its first message. */
export async function insertMessages(db: Queryable, t: PostgresTables, hub: string, messages: readonly NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const entities = [...new Set(messages.map((m) => m.instanceId).filter(isEntityInstanceId))];
  if (entities.length > 0) {
    await db.query(
      `INSERT INTO ${t.instances} (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)
       SELECT $1, e.id, '', e.name, 'Running', $4, $4, 0 FROM unnest($2::text[], $3::text[]) AS e(id, name)
       ON CONFLICT DO NOTHING`,
      [hub, entities, entities.map((id) => parseEntityId(id).name), Date.now()],
    );
  }
  await db.query(
    `INSERT INTO ${t.messages} (hub, instance_id, event, visible_at)
     SELECT $1, m.instance_id, m.event, m.visible_at
     FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS m(instance_id, event, visible_at, ord)
     ORDER BY m.ord`,
    [hub, messages.map((m) => m.instanceId), messages.map((m) => serializeEvent(m.event)), messages.map((m) => m.visibleAt)],
  );
}
