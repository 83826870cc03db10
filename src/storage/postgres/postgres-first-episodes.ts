import { StorageError } from '../../model/errors/storage-error';
import type { ChangeSet } from '../change-notifier';
import type { EpisodeBatchOutcome, FirstEpisode, FirstEpisodeBatchOutcome, FirstEpisodeOutcome } from '../storage-records';
import type { Settled } from '../write-coalescer';
import { createInstancesInOneStatement } from './postgres-create-one-statement';
import { applyEpisodeCommits } from './postgres-episode-commit';
import { commitEpisodesInOneStatement, fitsOneStatement } from './postgres-episode-one-statement';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Inside the caller's transaction: creates the new instances with free ids leased to `owner`,
 * without start messages, and commits their first episodes (StorageProvider.createInstancesWithFirstEpisodes).
 * The two statements do not wait for each other (one round trip in the pipelined transaction):
 * the episode of an id that was taken fails its fence (another execution) and writes nothing,
 * and that start is answered 'taken', for the caller to start the usual way. Notices go with the
 * transaction's COMMIT (`channel`: the statements themselves notify nobody).
 */
export async function writeFirstEpisodes(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  owner: string,
  starts: readonly FirstEpisode[],
  channel: string,
  changes: ChangeSet,
): Promise<FirstEpisodeBatchOutcome> {
  // The create statement takes distinct ids: a repeated id is left to the usual start.
  const firstById = new Map<string, FirstEpisode>();
  for (const start of starts) if (!firstById.has(start.instance.instanceId)) firstById.set(start.instance.instanceId, start);
  const unique = [...firstById.values()];
  const quiet = (): { channel: string; payloads: string[] } => ({ channel, payloads: [] });
  const commits = unique.map((start) => start.commit);
  const creating = createInstancesInOneStatement(db, tables, hub, unique.map((start) => start.instance), quiet, changes, true);
  let placed: Map<string, unknown>;
  let batch: EpisodeBatchOutcome;
  if (fitsOneStatement(commits)) [placed, batch] = await Promise.all([creating, commitEpisodesInOneStatement(db, tables, hub, owner, commits, quiet, changes)]);
  else {
    placed = await creating;
    batch = await applyEpisodeCommits(db, tables, hub, owner, commits, changes);
  }
  const committed = new Map(unique.map((start, i) => [start.instance.instanceId, batch.outcomes[i]] as const));
  const outcomes = starts.map((start): Settled<FirstEpisodeOutcome> => {
    const id = start.instance.instanceId;
    if (firstById.get(id) !== start || !placed.has(id)) return { ok: true, value: 'taken' };
    // Placed just now, leased to `owner`, in this transaction: a refusal means the episode does not belong to it.
    if (committed.get(id) !== 'committed') throw new StorageError(`The first episode of '${id}' did not match the instance it starts; nothing of the batch was written.`);
    return { ok: true, value: 'committed' };
  });
  return { outcomes, leasedActivities: batch.leasedActivities };
}
