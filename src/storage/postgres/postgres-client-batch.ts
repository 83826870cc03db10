import { InstanceAlreadyExistsError } from '../../model/errors/instance-already-exists-error';
import { isDurableError } from '../../model/errors/durable-error';
import { isRuntimeStatus, isTerminalStatus, type RuntimeStatus } from '../../model/runtime-status';
import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import type { ChangeSet } from '../change-notifier';
import type { NewInstance, NewMessage, SendOutcome } from '../storage-records';
import type { Settled } from '../write-coalescer';
import { insertEntityRows, insertMessageRows, type MessageRow } from './postgres-episode-statements';
import { placeInstance } from './postgres-instances';
import { serializeEvent } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * The set-based statements of a batch of client writes, inside the caller's transaction: a run of
 * starts, of sends to instances or of entity signals costs a few statements, not a few per write.
 * Events are serialised first, so an event with no JSON form throws before writing.
 */

const written: Settled<undefined> = { ok: true, value: undefined };

/**
 * Starts instances. The first start of each new id is inserted with the others in one statement
 * (in id order, so two batches cannot deadlock on each other's ids); a start whose id is taken
 * (by an existing instance, or by an earlier start of this batch) goes the way of a single start,
 * placeInstance: a finished instance is replaced, a live one refuses this start alone.
 */
export async function createInstances(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  instances: readonly NewInstance[],
  changes: ChangeSet,
): Promise<Settled<undefined>[]> {
  const startMessages = instances.map((instance) => startMessageRow(instance));
  const firsts = new Map<string, NewInstance>();
  for (const instance of instances) if (!firsts.has(instance.instanceId)) firsts.set(instance.instanceId, instance);
  const inserted = new Set(await insertInstanceRows(db, tables, hub, [...firsts.values()]));
  const results: Settled<undefined>[] = [];
  const queued: MessageRow[] = [];
  for (const [index, instance] of instances.entries()) {
    const message = startMessages[index];
    if (message !== undefined && inserted.has(instance.instanceId) && firsts.get(instance.instanceId) === instance) {
      queued.push(message);
      changes.addInstance(instance.instanceId);
      results.push(written);
      continue;
    }
    results.push(await placeTakenInstance(db, tables, hub, instance, changes));
  }
  await insertMessageRows(db, tables, hub, queued);
  if (queued.length > 0) changes.addWork('orchestration');
  return results;
}

async function placeTakenInstance(db: Queryable, tables: PostgresTables, hub: string, instance: NewInstance, changes: ChangeSet): Promise<Settled<undefined>> {
  try {
    const conflict = await placeInstance(db, tables, hub, instance, changes);
    if (conflict === undefined) return written;
    return { ok: false, error: new InstanceAlreadyExistsError(instance.instanceId, conflict, instance.idReuse !== 'never') };
  } catch (error) {
    // A statement that failed has aborted the transaction: the whole batch fails. Our own typed
    // errors (an instance deleted and re-created meanwhile) leave it usable and fail this start alone.
    if (!isDurableError(error)) throw error;
    return { ok: false, error };
  }
}

function startMessageRow(instance: NewInstance): MessageRow {
  return { instanceId: instance.instanceId, event: serializeEvent(instance.startEvent), visibleAt: instance.visibleAt ?? instance.createdAt };
}

/** Inserts the rows whose id is free, in id order; returns the ids inserted. */
async function insertInstanceRows(db: Queryable, tables: PostgresTables, hub: string, instances: readonly NewInstance[]): Promise<string[]> {
  if (instances.length === 0) return [];
  const result = await db.query<{ instance_id: string }>(
    `INSERT INTO ${tables.instances} (hub, instance_id, execution_id, name, version, runtime_status, input,
       created_at, last_updated_at, history_length)
     SELECT $1, c.instance_id, c.execution_id, c.name, c.version, 'Pending', c.input, c.created_at, c.created_at, 0
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
       AS c(instance_id, execution_id, name, version, input, created_at)
     ORDER BY c.instance_id
     ON CONFLICT (hub, instance_id) DO NOTHING
     RETURNING instance_id`,
    [hub, ...newInstanceColumns(instances)],
  );
  return result.rows.map((row) => row.instance_id);
}

/** The new rows' columns as arrays, for `unnest`: id, execution id, name, version, input, creation time. */
export function newInstanceColumns(instances: readonly NewInstance[]): unknown[][] {
  return [
    instances.map((i) => i.instanceId),
    instances.map((i) => i.executionId),
    instances.map((i) => i.name),
    instances.map((i) => i.version ?? null),
    instances.map((i) => i.input ?? null),
    instances.map((i) => i.createdAt),
  ];
}

/**
 * Queues events to live instances, in the order given. The instances' rows are read FOR SHARE in
 * id order (as episode commits lock theirs), which waits for a commit in progress on them, so the
 * status checked is the one each event meets.
 */
export async function sendToInstances(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  messages: readonly NewMessage[],
  changes: ChangeSet,
): Promise<Settled<SendOutcome>[]> {
  const rows = messages.map((m): MessageRow => ({ instanceId: m.instanceId, event: serializeEvent(m.event), visibleAt: m.visibleAt }));
  const found = await db.query<{ instance_id: string; runtime_status: string }>(
    `SELECT instance_id, runtime_status FROM ${tables.instances}
     WHERE hub = $1 AND instance_id = ANY($2::text[]) ORDER BY instance_id FOR SHARE`,
    [hub, [...new Set(messages.map((m) => m.instanceId))]],
  );
  const statuses = new Map(found.rows.map((row) => [row.instance_id, row.runtime_status]));
  const queued: MessageRow[] = [];
  const outcomes = rows.map((row): Settled<SendOutcome> => {
    const outcome = sendOutcome(statuses.get(row.instanceId));
    if (outcome.kind === 'sent') queued.push(row);
    return { ok: true, value: outcome };
  });
  await insertMessageRows(db, tables, hub, queued);
  if (queued.length > 0) changes.addWork('orchestration');
  return outcomes;
}

/** What a send meets: no instance, a finished one (nothing queued), or a live one (the event is queued). */
export function sendOutcome(storedStatus: string | undefined): SendOutcome {
  if (storedStatus === undefined) return { kind: 'not-found' };
  const status: RuntimeStatus = isRuntimeStatus(storedStatus) ? storedStatus : 'Running';
  return isTerminalStatus(status) ? { kind: 'not-running', runtimeStatus: status } : { kind: 'sent', runtimeStatus: status };
}

/** Queues signals to entities, in the order given; an entity's row is created (at its signal's `now`) by its first message. */
export async function sendToEntities(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  signals: readonly { readonly message: NewMessage; readonly now: number }[],
  changes: ChangeSet,
): Promise<Settled<undefined>[]> {
  const rows = signals.map(({ message: m }): MessageRow => ({ instanceId: m.instanceId, event: serializeEvent(m.event), visibleAt: m.visibleAt }));
  const entities = signals
    .filter(({ message }) => isEntityInstanceId(message.instanceId))
    .map(({ message, now }) => ({ instanceId: message.instanceId, name: parseEntityId(message.instanceId).name, now }));
  await insertEntityRows(db, tables, hub, entities);
  await insertMessageRows(db, tables, hub, rows);
  changes.addWork('orchestration');
  return signals.map(() => written);
}
