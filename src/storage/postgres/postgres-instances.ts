import { StorageError } from '../../model/errors/storage-error';
import type { HistoryEvent } from '../../model/history-event';
import { isRuntimeStatus, isTerminalStatus, type RuntimeStatus } from '../../model/runtime-status';
import type { InstanceIdReuse } from '../../model/instance-id';
import type { InstanceRecord, NewInstance } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import { parseEvent, serializeEvent, toInstanceRecord, type InstanceRow } from './postgres-rows';
import { historyAsRead } from '../stored-history';
import type { FailureDetails } from '../../model/failure-details';
import type { PostgresTables, Queryable } from './postgres-tables';

/** A concurrent deletion between the insert attempt and the lock is retried this often. */
const CREATE_ATTEMPTS = 3;

/**
 * Inside the caller's transaction: creates the instance and queues its ExecutionStarted, or, if a
 * live (non-terminal) instance has the id, writes nothing and returns that instance's status. A
 * finished instance with the id is replaced (its history, inbox and activity items go), unless
 * `idReuse` is 'never': then it is refused like a live one.
 * INSERT … ON CONFLICT DO NOTHING decides between concurrent starts of one id (the loser waits
 * for the winner's commit and then sees its row); an existing row is locked FOR UPDATE first.
 */
export async function placeInstance(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  instance: NewInstance,
  changes: ChangeSet,
): Promise<RuntimeStatus | undefined> {
  const key = [hub, instance.instanceId];
  const fields = [instance.executionId, instance.name, instance.version ?? null, instance.input ?? null, instance.createdAt];
  const start = [serializeEvent(instance.startEvent), instance.visibleAt ?? instance.createdAt];
  for (let attempt = 1; ; attempt++) {
    // The row and its ExecutionStarted in one statement: the message is queued only if the row was inserted.
    const inserted = await db.query(
      `WITH placed AS (
         INSERT INTO ${tables.instances} (hub, instance_id, execution_id, name, version, runtime_status, input,
           created_at, last_updated_at, history_length)
         VALUES ($1, $2, $3, $4, $5, 'Pending', $6, $7, $7, 0)
         ON CONFLICT (hub, instance_id) DO NOTHING
         RETURNING instance_id
       )
       INSERT INTO ${tables.messages} (hub, instance_id, event, visible_at) SELECT $1, instance_id, $8, $9 FROM placed`,
      [...key, ...fields, ...start],
    );
    if (inserted.rowCount === 1) break;
    const outcome = await replaceTerminalInstance(db, tables, key, fields, instance.idReuse ?? 'finished');
    if (outcome === 'replaced') {
      await db.query(`INSERT INTO ${tables.messages} (hub, instance_id, event, visible_at) VALUES ($1, $2, $3, $4)`, [...key, ...start]);
      break;
    }
    if (outcome !== 'vanished') return outcome;
    if (attempt >= CREATE_ATTEMPTS) {
      throw new StorageError(`Instance '${instance.instanceId}' was deleted and re-created while it was being started; try again.`);
    }
  }
  changes.addInstance(instance.instanceId);
  changes.addWork('orchestration');
  return undefined;
}

/** Replaces a finished instance (if `idReuse` allows); else says why not: its status, or that it vanished meanwhile. */
async function replaceTerminalInstance(
  db: Queryable,
  tables: PostgresTables,
  key: unknown[],
  fields: unknown[],
  idReuse: InstanceIdReuse,
): Promise<'replaced' | 'vanished' | RuntimeStatus> {
  const existing = await db.query<{ runtime_status: string }>(
    `SELECT runtime_status FROM ${tables.instances} WHERE hub = $1 AND instance_id = $2 FOR UPDATE`,
    key,
  );
  const row = existing.rows[0];
  if (row === undefined) return 'vanished';
  const status = knownStatus(row.runtime_status);
  if (!isTerminalStatus(status) || idReuse === 'never') return status;
  for (const table of [tables.history, tables.messages, tables.activities]) {
    await db.query(`DELETE FROM ${table} WHERE hub = $1 AND instance_id = $2`, key);
  }
  await db.query(
    `UPDATE ${tables.instances} SET execution_id = $3, name = $4, version = $5, runtime_status = 'Pending', input = $6,
       output = NULL, failure_details = NULL, custom_status = NULL, created_at = $7, last_updated_at = $7,
       completed_at = NULL, history_length = 0, locked_by = NULL, lock_expires_at = NULL
     WHERE hub = $1 AND instance_id = $2`,
    [...key, ...fields],
  );
  return 'replaced';
}

/** The rows of `instanceIds` in one statement, by id (ids without a row are absent). */
export async function selectInstances(db: Queryable, tables: PostgresTables, hub: string, instanceIds: readonly string[]): Promise<Map<string, InstanceRecord>> {
  const result = await db.query<InstanceRow>(`SELECT * FROM ${tables.instances} WHERE hub = $1 AND instance_id = ANY($2::text[])`, [hub, [...new Set(instanceIds)]]);
  return new Map(result.rows.map((row) => [row.instance_id, toInstanceRecord(row)]));
}

export async function selectInstance(db: Queryable, tables: PostgresTables, hub: string, instanceId: string): Promise<InstanceRecord | undefined> {
  const result = await db.query<InstanceRow>(`SELECT * FROM ${tables.instances} WHERE hub = $1 AND instance_id = $2`, [hub, instanceId]);
  const row = result.rows[0];
  return row === undefined ? undefined : toInstanceRecord(row);
}

export async function selectHistory(db: Queryable, tables: PostgresTables, hub: string, instanceId: string): Promise<HistoryEvent[]> {
  // One statement, so the row's details and the history are read from one snapshot.
  const result = await db.query<{ event: string; failure_details: string | null }>(
    `SELECT h.event, (SELECT i.failure_details FROM ${tables.instances} i WHERE i.hub = $1 AND i.instance_id = $2) AS failure_details
     FROM ${tables.history} h WHERE h.hub = $1 AND h.instance_id = $2 ORDER BY h.seq`,
    [hub, instanceId],
  );
  const failure = result.rows[0]?.failure_details ?? null;
  return historyAsRead(result.rows.map((row) => parseEvent(row.event)), failure !== null ? (JSON.parse(failure) as FailureDetails) : undefined);
}

/** A stored status this version does not know counts as live (never replaced or ignored). */
function knownStatus(status: string): RuntimeStatus {
  return isRuntimeStatus(status) ? status : 'Running';
}
