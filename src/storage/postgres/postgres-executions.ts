import type { ContinueAsNewCommit, InstanceRewind } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import type { Int8 } from './postgres-rows';
import { toNumber } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';
import { insertActivities, insertHistory, insertMessages } from './postgres-work-inserts';

/** Client events survive continue-as-new: they are carried into the new execution. */
const CLIENT_EVENT_TYPES = ['EventRaised', 'ExecutionTerminated', 'ExecutionSuspended', 'ExecutionResumed'];

/**
 * Continue-as-new, inside the caller's transaction (the instance row is locked): drops the history,
 * the inbox except client events, and the activity items; resets the row to the new execution and
 * queues its ExecutionStarted and the carried events, visible at `now`.
 */
export async function startNewExecution(
  db: Queryable,
  tables: PostgresTables,
  key: { hub: string; instanceId: string },
  next: ContinueAsNewCommit,
  now: number,
): Promise<void> {
  const params = [key.hub, key.instanceId];
  await db.query(`DELETE FROM ${tables.history} WHERE hub = $1 AND instance_id = $2`, params);
  await db.query(
    `DELETE FROM ${tables.messages} WHERE hub = $1 AND instance_id = $2
       AND (event::json ->> 'type') <> ALL($3::text[])`,
    [...params, CLIENT_EVENT_TYPES],
  );
  await db.query(`DELETE FROM ${tables.activities} WHERE hub = $1 AND instance_id = $2`, params);
  await db.query(
    `UPDATE ${tables.instances} SET execution_id = $3, input = $4, output = NULL, failure_details = NULL,
       completed_at = NULL, history_length = 0
     WHERE hub = $1 AND instance_id = $2`,
    [...params, next.executionId, next.input ?? null],
  );
  const events = [next.startEvent, ...next.carriedEvents];
  await insertMessages(db, tables, key.hub, events.map((event) => ({ instanceId: key.instanceId, event, visibleAt: now })), now);
}

/**
 * Rewind, inside the caller's transaction: locks the row and checks it is still Failed with the
 * expected execution and history length and no live lease; then replaces the history, sets the
 * instance Running and queues its work again plus the rewound event. Returns false, writing
 * nothing, when the check fails.
 */
export async function rewindInstance(db: Queryable, tables: PostgresTables, hub: string, rewind: InstanceRewind, changes: ChangeSet): Promise<boolean> {
  const key = { hub, instanceId: rewind.instanceId };
  const found = await db.query<{ runtime_status: string; execution_id: string; history_length: number; locked_by: string | null; lock_expires_at: Int8 | null }>(
    `SELECT runtime_status, execution_id, history_length, locked_by, lock_expires_at FROM ${tables.instances}
     WHERE hub = $1 AND instance_id = $2 FOR UPDATE`,
    [hub, rewind.instanceId],
  );
  const row = found.rows[0];
  const leased = row?.locked_by != null && toNumber(row.lock_expires_at ?? 0) > rewind.now;
  if (row === undefined || row.runtime_status !== 'Failed' || row.execution_id !== rewind.executionId || row.history_length !== rewind.expectedHistoryLength || leased) {
    return false;
  }
  await db.query(`DELETE FROM ${tables.history} WHERE hub = $1 AND instance_id = $2`, [hub, rewind.instanceId]);
  await insertHistory(db, tables, key, 0, rewind.history);
  await db.query(
    `UPDATE ${tables.instances} SET runtime_status = 'Running', output = NULL, failure_details = NULL, completed_at = NULL,
       history_length = $3, last_updated_at = $4
     WHERE hub = $1 AND instance_id = $2`,
    [hub, rewind.instanceId, rewind.history.length, rewind.now],
  );
  await insertActivities(db, tables, { ...key, executionId: rewind.executionId }, rewind.activities);
  if (rewind.activities.length > 0) changes.addWork('activity');
  await insertMessages(db, tables, hub, [...rewind.messages, { instanceId: rewind.instanceId, event: rewind.rewoundEvent, visibleAt: rewind.now }], rewind.now);
  changes.addWork('orchestration');
  changes.addInstance(rewind.instanceId);
  return true;
}
