import type { HistoryEvent } from '../../model/history-event';
import type { NewActivity, NewMessage } from '../storage-records';
import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import { insertActivityRows, insertEntityRows, insertHistoryRows, insertMessageRows, toActivityRow } from './postgres-episode-statements';
import { serializeEvent } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * The set-based inserts of postgres-episode-statements, shaped for one instance's writes (rewind,
 * continue-as-new, activity results, signals), inside the caller's transaction. Events are
 * serialised first, so an event with no JSON form throws before writing.
 */

/** Appends `events` to an instance's history, numbered from `firstSeq`. */
export async function insertHistory(
  db: Queryable,
  tables: PostgresTables,
  key: { hub: string; instanceId: string },
  firstSeq: number,
  events: readonly HistoryEvent[],
): Promise<void> {
  const rows = events.map((event, index) => ({ instanceId: key.instanceId, seq: firstSeq + index, event: serializeEvent(event) }));
  await insertHistoryRows(db, tables, key.hub, rows);
}

/** Creates activity work items for one execution, their ids in the order given. */
export async function insertActivities(
  db: Queryable,
  tables: PostgresTables,
  owner: { hub: string; instanceId: string; executionId: string },
  activities: readonly NewActivity[],
): Promise<void> {
  const { instanceId, executionId } = owner;
  const rows = activities.map((a) => toActivityRow(instanceId, executionId, a));
  await insertActivityRows(db, tables, owner.hub, rows);
}

/**
 * Queues messages to instances' inboxes, their ids in the order given; an entity's row is created
 * (at `now`, the caller's clock time) by its first message.
 */
export async function insertMessages(db: Queryable, tables: PostgresTables, hub: string, messages: readonly NewMessage[], now: number): Promise<void> {
  const rows = messages.map((m) => ({ instanceId: m.instanceId, event: serializeEvent(m.event), visibleAt: m.visibleAt }));
  const entities = messages
    .filter((m) => isEntityInstanceId(m.instanceId))
    .map((m) => ({ instanceId: m.instanceId, name: parseEntityId(m.instanceId).name, now }));
  await insertEntityRows(db, tables, hub, entities);
  await insertMessageRows(db, tables, hub, rows);
}
