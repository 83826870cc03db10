import type { ChangeSet } from '../change-notifier';
import type { ActivityResult } from '../storage-records';
import type { SqliteStatements } from './sqlite-database-handle';
import { serializeEvent } from './sqlite-rows';

/**
 * Inside the caller's transaction: deletes the results' work items and queues each result whose
 * item was still there to its instance's inbox, in the order given; returns how many were
 * accepted. The first result for an item wins, in the batch as across batches. Two statements
 * for the batch (the delete, and the inserts per 64 messages) instead of two per result.
 */
export function recordActivityResults(
  { episodes }: Pick<SqliteStatements, 'episodes'>,
  hub: string,
  results: readonly ActivityResult[],
  now: number,
  changes: ChangeSet,
): number {
  const deleted = new Set(episodes.takeActivities.run({ hub }, results.map((r) => [r.workItemId])).map((row) => row.work_item_id));
  const accepted = results.filter((result) => deleted.delete(result.workItemId));
  episodes.insertMessages.run({ hub }, accepted.map((result) => [result.instanceId, serializeEvent(result.event), now]));
  if (accepted.length > 0) changes.addWork('orchestration');
  return accepted.length;
}
