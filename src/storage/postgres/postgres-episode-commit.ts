import type { EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import { startNewExecution } from './postgres-executions';
import { placeInstance } from './postgres-instances';
import type { PostgresTables, Queryable } from './postgres-tables';
import { insertActivities, insertHistory, insertMessages } from './postgres-work-inserts';

/** The fence of one instance as this transaction sees it (its row is locked). */
interface Fence {
  lockedBy: string | null;
  historyLength: number;
  executionId: string;
}

/**
 * Applies a batch of episodes inside the caller's transaction. First every instance row of the
 * batch is locked FOR UPDATE, in id order (so two batches cannot deadlock on them), then each
 * episode is fenced: if `owner` no longer holds the lease, or the history length or execution
 * moved, it is 'lease-lost' and writes nothing; the others are written. A throw part-way (e.g. an
 * event that cannot be serialised) is left to abort the caller's whole transaction.
 */
export async function applyEpisodeCommits(
  db: Queryable,
  t: PostgresTables,
  hub: string,
  owner: string,
  commits: readonly EpisodeCommit[],
  changes: ChangeSet,
): Promise<EpisodeCommitOutcome[]> {
  const fences = await lockInstances(db, t, hub, [...new Set(commits.map((c) => c.instanceId))]);
  const outcomes: EpisodeCommitOutcome[] = [];
  for (const commit of commits) {
    const fence = fences.get(commit.instanceId);
    if (
      fence === undefined ||
      fence.lockedBy !== owner ||
      fence.historyLength !== commit.expectedHistoryLength ||
      fence.executionId !== commit.executionId
    ) {
      outcomes.push('lease-lost');
      continue;
    }
    await writeEpisode(db, t, hub, commit, fence.historyLength, changes);
    fence.lockedBy = null;
    fence.historyLength = commit.continueAsNew === undefined ? fence.historyLength + commit.newHistory.length : 0;
    fence.executionId = commit.continueAsNew?.executionId ?? fence.executionId;
    outcomes.push('committed');
  }
  return outcomes;
}

async function lockInstances(db: Queryable, t: PostgresTables, hub: string, ids: string[]): Promise<Map<string, Fence>> {
  const result = await db.query<{ instance_id: string; execution_id: string; locked_by: string | null; history_length: number }>(
    `SELECT instance_id, execution_id, locked_by, history_length FROM ${t.instances}
     WHERE hub = $1 AND instance_id = ANY($2::text[]) ORDER BY instance_id FOR UPDATE`,
    [hub, ids],
  );
  return new Map(
    result.rows.map((row) => [row.instance_id, { lockedBy: row.locked_by, historyLength: row.history_length, executionId: row.execution_id }]),
  );
}

/** The same steps, in the same order, as the SQLite provider's episode commit. */
async function writeEpisode(db: Queryable, t: PostgresTables, hub: string, commit: EpisodeCommit, historyLength: number, changes: ChangeSet): Promise<void> {
  const key = { hub, instanceId: commit.instanceId };
  if (commit.consumedMessageIds.length > 0) {
    await db.query(`DELETE FROM ${t.messages} WHERE hub = $1 AND instance_id = $2 AND message_id = ANY($3::bigint[])`, [
      hub,
      commit.instanceId,
      commit.consumedMessageIds,
    ]);
  }
  if (commit.continueAsNew === undefined) await insertHistory(db, t, key, historyLength, commit.newHistory);
  await updateInstance(db, t, hub, commit);
  changes.addInstance(commit.instanceId);

  await insertActivities(db, t, { ...key, executionId: commit.executionId }, commit.activities);
  if (commit.activities.length > 0) changes.addWork('activity');
  for (const child of commit.newInstances ?? []) {
    if ((await placeInstance(db, t, hub, child, changes)) !== undefined && child.onConflict !== undefined) {
      await insertMessages(db, t, hub, [child.onConflict]);
      changes.addWork('orchestration');
    }
  }
  if (commit.entityState !== undefined) {
    await db.query(`UPDATE ${t.instances} SET entity_state = $3 WHERE hub = $1 AND instance_id = $2`, [hub, commit.instanceId, commit.entityState]);
  }
  if (commit.continueAsNew !== undefined) {
    await startNewExecution(db, t, key, commit.continueAsNew, commit.update.lastUpdatedAt);
    changes.addWork('orchestration');
  }
  await insertMessages(db, t, hub, commit.messages);
  if (commit.messages.length > 0) changes.addWork('orchestration');
}

async function updateInstance(db: Queryable, t: PostgresTables, hub: string, commit: EpisodeCommit): Promise<void> {
  const { update } = commit;
  // history_length counts newHistory even under continue-as-new, as in SQLite; the reset follows.
  await db.query(
    `UPDATE ${t.instances} SET runtime_status = $3,
       output = COALESCE($4, output),
       failure_details = COALESCE($5, failure_details),
       custom_status = COALESCE($6, custom_status),
       last_updated_at = $7,
       completed_at = COALESCE($8, completed_at),
       history_length = history_length + $9,
       locked_by = NULL, lock_expires_at = NULL
     WHERE hub = $1 AND instance_id = $2`,
    [
      hub,
      commit.instanceId,
      update.runtimeStatus,
      update.output ?? null,
      update.failureDetails !== undefined ? JSON.stringify(update.failureDetails) : null,
      update.customStatus ?? null,
      update.lastUpdatedAt,
      update.completedAt ?? null,
      commit.newHistory.length,
    ],
  );
}
