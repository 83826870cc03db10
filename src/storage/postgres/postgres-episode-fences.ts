import { isRuntimeStatus, isTerminalStatus, type RuntimeStatus } from '../../model/runtime-status';
import type { EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import type { PostgresTables, Queryable } from './postgres-tables';
import { toNumber, type Int8 } from './postgres-rows';
import { holdsOrNeedsNoLease } from '../lease-fence';

/** What the fence of one instance is made of, as this transaction sees (and will leave) its row. */
export interface InstanceFence {
  lockedBy: string | null;
  lockExpiresAt: number | null;
  historyLength: number;
  executionId: string;
  status: RuntimeStatus;
}

/** How a child start will end: 'placed' (created or replaced), 'conflict' (a live instance has the id), or 'unknown' (its row is not locked here). */
export type PlacementForecast = 'placed' | 'conflict' | 'unknown';

/** An episode that passed its fence, with what the fence walk foresaw for it. */
export interface FencedEpisode {
  readonly commit: EpisodeCommit;
  /** The seq of its first new history event. */
  readonly firstSeq: number;
  /** One per `commit.newInstances`, in order. */
  readonly placements: readonly PlacementForecast[];
}

export interface FencedBatch {
  /** In input order. */
  readonly outcomes: readonly EpisodeCommitOutcome[];
  /** The committed episodes, in input order. */
  readonly committed: readonly FencedEpisode[];
}

/**
 * Locks the instance rows of a batch FOR UPDATE, in id order (so two batches cannot deadlock on
 * them), and returns their fences. Rows that do not exist are absent from the map. The hub is
 * `(SELECT $1::text)` so that stale statistics (a new hub looks empty) cannot make the planner
 * scan the whole hub instead of looking the ids up (see postgres-episode-statements).
 */
export async function lockEpisodeInstances(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  commits: readonly EpisodeCommit[],
): Promise<Map<string, InstanceFence>> {
  const ids = [...new Set(commits.map((c) => c.instanceId))];
  const result = await db.query<{
    instance_id: string;
    execution_id: string;
    locked_by: string | null;
    lock_expires_at: Int8 | null;
    history_length: number;
    runtime_status: string;
  }>(
    `SELECT instance_id, execution_id, locked_by, lock_expires_at, history_length, runtime_status FROM ${tables.instances}
     WHERE hub = (SELECT $1::text) AND instance_id = ANY($2::text[]) ORDER BY instance_id FOR UPDATE`,
    [hub, ids],
  );
  return new Map(
    result.rows.map((row) => [
      row.instance_id,
      {
        lockedBy: row.locked_by,
        lockExpiresAt: row.lock_expires_at === null ? null : toNumber(row.lock_expires_at),
        historyLength: row.history_length,
        executionId: row.execution_id,
        // As placeInstance reads it: a status this version does not know counts as live.
        status: isRuntimeStatus(row.runtime_status) ? row.runtime_status : 'Running',
      },
    ]),
  );
}

/**
 * Locks the activity items the batch's episodes consumed the results of (see
 * EpisodeCommit.completedActivityIds), after the instance rows, in id order, and returns who
 * holds each; items that are gone are absent.
 */
export async function lockCompletedActivities(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  commits: readonly EpisodeCommit[],
): Promise<Map<number, string | null>> {
  const ids = [...new Set(commits.flatMap((c) => c.completedActivityIds ?? []))];
  if (ids.length === 0) return new Map();
  const result = await db.query<{ work_item_id: Int8; locked_by: string | null }>(
    `SELECT work_item_id, locked_by FROM ${tables.activities}
     WHERE hub = (SELECT $1::text) AND work_item_id = ANY($2::bigint[]) ORDER BY work_item_id FOR UPDATE`,
    [hub, ids],
  );
  return new Map(result.rows.map((row) => [toNumber(row.work_item_id), row.locked_by]));
}

/**
 * Decides every episode of the batch in memory, walking it in order as the SQLite provider
 * commits it one episode after another: an episode is 'lease-lost' unless `owner` holds its
 * instance's lease with the expected history length and execution, as left by the episodes
 * before it, and holds the lease of every activity item whose result it consumed. A committed episode releases the lease (so a second episode of the instance in the
 * batch is lease-lost), and a child start that replaces a finished instance of the batch resets
 * that instance to a fresh, unleased Pending one (so its own episode later in the batch is
 * lease-lost). Since every row the walk reads is locked by this transaction, only the batch
 * itself can change them, and the forecasts hold when the episodes are written.
 */
export function fenceEpisodes(
  fences: Map<string, InstanceFence>,
  owner: string,
  commits: readonly EpisodeCommit[],
  activityOwners: Map<number, string | null> = new Map(),
): FencedBatch {
  const outcomes: EpisodeCommitOutcome[] = [];
  const committed: FencedEpisode[] = [];
  for (const commit of commits) {
    const fence = fences.get(commit.instanceId);
    if (
      fence === undefined ||
      !holdsOrNeedsNoLease({ locked_by: fence.lockedBy, lock_expires_at: fence.lockExpiresAt }, owner, commit.leaseFreeAt) ||
      fence.historyLength !== commit.expectedHistoryLength ||
      fence.executionId !== commit.executionId ||
      !(commit.completedActivityIds ?? []).every((id) => activityOwners.get(id) === owner)
    ) {
      outcomes.push('lease-lost');
      continue;
    }
    // A consumed result is consumed once: a later episode naming the same item is lease-lost.
    for (const id of commit.completedActivityIds ?? []) activityOwners.delete(id);
    const firstSeq = fence.historyLength;
    // The same steps in the same order as the write: row update, child starts, continue-as-new.
    fence.lockedBy = null;
    fence.lockExpiresAt = null;
    fence.historyLength += commit.newHistory.length;
    fence.status = commit.update.runtimeStatus;
    const placements = (commit.newInstances ?? []).map((child) => forecastPlacement(fences.get(child.instanceId), child.executionId));
    if (commit.continueAsNew !== undefined) {
      fence.historyLength = 0;
      fence.executionId = commit.continueAsNew.executionId;
    }
    outcomes.push('committed');
    committed.push({ commit, firstSeq, placements });
  }
  return { outcomes, committed };
}

/** A start replaces a finished instance (as a fresh Pending one, unleased) and conflicts with a live one. */
function forecastPlacement(fence: InstanceFence | undefined, executionId: string): PlacementForecast {
  if (fence === undefined) return 'unknown';
  if (!isTerminalStatus(fence.status)) return 'conflict';
  fence.lockedBy = null;
  fence.lockExpiresAt = null;
  fence.historyLength = 0;
  fence.executionId = executionId;
  fence.status = 'Pending';
  return 'placed';
}
