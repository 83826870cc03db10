import { InstanceAlreadyExistsError } from '../../model/errors/instance-already-exists-error';
import { StorageError } from '../../model/errors/storage-error';
import type { ChangeSet } from '../change-notifier';
import type { EpisodeCommit, FirstEpisode, FirstEpisodeBatchOutcome, FirstEpisodeOutcome } from '../storage-records';
import type { Settled } from '../write-coalescer';
import type { SqliteStatements } from './sqlite-database-handle';
import { applyEpisodeBatch } from './sqlite-episode-commit';
import { SqliteEpisodeWrites } from './sqlite-episode-writes';
import { insertInstance } from './sqlite-instance-insert';

/**
 * Inside the caller's transaction: creates each new instance leased to `owner`, without a start
 * message, and commits its first episode (see StorageProvider.createInstancesWithFirstEpisodes).
 * A taken id settles as InstanceAlreadyExistsError and writes nothing; a finished instance's id
 * is replaced by a usual start ('queued'), whose episode is dropped.
 */
export function writeFirstEpisodes(hub: string, owner: string, statements: SqliteStatements, changes: ChangeSet, starts: readonly FirstEpisode[]): FirstEpisodeBatchOutcome {
  const outcomes: Settled<FirstEpisodeOutcome>[] = [];
  const commits: EpisodeCommit[] = [];
  for (const { instance, commit } of starts) {
    const inserted = insertInstance(statements.orchestrations, hub, instance, changes, true);
    if (inserted.conflict !== undefined) {
      outcomes.push({ ok: false, error: new InstanceAlreadyExistsError(instance.instanceId, inserted.conflict, instance.idReuse !== 'never') });
    } else if (!inserted.leased) {
      outcomes.push({ ok: true, value: 'queued' });
    } else {
      outcomes.push({ ok: true, value: 'committed' });
      commits.push(commit);
    }
  }
  const writes = new SqliteEpisodeWrites(hub, owner, statements.episodes, changes);
  const committed = applyEpisodeBatch({ hub, owner, changes, writes, ...statements }, commits);
  // The rows were created leased to `owner` just now, in this transaction: a refusal means the
  // episode does not belong to its instance, and storing the instance alone would strand it.
  const refused = committed.findIndex((outcome) => outcome !== 'committed');
  if (refused >= 0) throw new StorageError(`The first episode of '${commits[refused]?.instanceId ?? '?'}' did not match the instance it starts; nothing of the batch was written.`);
  writes.flush();
  return { outcomes, leasedActivities: writes.leased };
}
