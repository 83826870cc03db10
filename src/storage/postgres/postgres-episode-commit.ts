import { StorageError } from '../../model/errors/storage-error';
import type { EpisodeBatchOutcome, EpisodeCommit } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import { startNewExecution } from './postgres-executions';
import { fenceEpisodes, lockCompletedActivities, lockEpisodeInstances, type FencedEpisode } from './postgres-episode-fences';
import { EpisodeWrites } from './postgres-episode-writes';
import { placeInstance } from './postgres-instances';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Applies a batch of episodes inside the caller's transaction, with the same result as the SQLite
 * provider's episode-by-episode commit. First every instance row of the batch is locked FOR
 * UPDATE, in id order (so two batches cannot deadlock on them), and every episode is fenced in
 * memory: if `owner` no longer holds the lease, or the history length or execution moved, it is
 * 'lease-lost' and writes nothing. Then the committed episodes are written together, a fixed
 * number of statements for the whole batch; only child starts and continue-as-new are written
 * one episode at a time, in their place in the batch (after everything before them, before
 * everything after). Activities an episode asked to lease come back as work items of `owner`.
 * A throw part-way (e.g. an event that cannot be serialised) is left to abort
 * the caller's whole transaction.
 */
export async function applyEpisodeCommits(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  owner: string,
  commits: readonly EpisodeCommit[],
  changes: ChangeSet,
): Promise<EpisodeBatchOutcome> {
  if (commits.length === 0) return { outcomes: [], leasedActivities: [] };
  const instances = await lockEpisodeInstances(db, tables, hub, commits);
  const { outcomes, committed } = fenceEpisodes(instances, owner, commits, await lockCompletedActivities(db, tables, hub, commits));
  const writes = new EpisodeWrites();
  for (const episode of committed) {
    const { commit } = episode;
    writes.addEpisode(episode, owner);
    if ((commit.newInstances?.length ?? 0) > 0 || commit.continueAsNew !== undefined) {
      await writes.write(db, tables, hub, changes);
      await startChildren(db, tables, hub, episode, writes, changes);
      if (commit.continueAsNew !== undefined) {
        await startNewExecution(db, tables, { hub, instanceId: commit.instanceId }, commit.continueAsNew, commit.update.lastUpdatedAt);
        changes.addWork('orchestration');
      }
    }
    writes.addMessages(commit.messages, commit.update.lastUpdatedAt);
  }
  await writes.write(db, tables, hub, changes);
  return { outcomes, leasedActivities: writes.leased };
}

/**
 * Starts an episode's children in order; one whose id a live instance has sends its onConflict
 * message instead, right away. `writes` must be empty (everything before was written).
 */
async function startChildren(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  { commit, placements }: FencedEpisode,
  writes: EpisodeWrites,
  changes: ChangeSet,
): Promise<void> {
  for (const [index, child] of (commit.newInstances ?? []).entries()) {
    const placed = (await placeInstance(db, tables, hub, child, changes)) === undefined;
    const forecast = placements[index];
    if (forecast !== 'unknown' && forecast !== (placed ? 'placed' : 'conflict')) {
      throw new StorageError(
        `Starting '${child.instanceId}' from '${commit.instanceId}' ${placed ? 'created it' : 'met a live instance'}, ` +
          'which fencing the batch did not foresee; nothing of the batch was committed.',
      );
    }
    if (!placed && child.onConflict !== undefined) {
      writes.addMessages([child.onConflict], commit.update.lastUpdatedAt);
      await writes.write(db, tables, hub, changes);
    }
  }
}
