import type { ContinueAsNewCommit, EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import type { EpisodeStatements } from './sqlite-episode-statements';
import type { SqliteEpisodeWrites } from './sqlite-episode-writes';
import { insertInstance } from './sqlite-instance-insert';
import { insertMessage } from './sqlite-message-insert';
import { serializeEvent } from './sqlite-rows';
import { historyToStore } from '../stored-history';
import { episodeUpdateValues } from '../episode-update-values';

export interface EpisodeCommitContext {
  readonly hub: string;
  readonly owner: string;
  readonly orchestrations: OrchestrationStatements;
  readonly episodes: EpisodeStatements;
  readonly changes: ChangeSet;
  /** The batch's row writes, flushed by the caller when the batch ends. */
  readonly writes: SqliteEpisodeWrites;
}

/**
 * Applies one episode inside the caller's transaction. Fencing first: the instance row is
 * updated only if `owner` still holds its lease (or no live lease exists, for an unclaimed
 * episode), the history length and execution are as expected and every consumed activity item is
 * still leased to `owner` (and not consumed by an earlier episode of the batch); otherwise nothing
 * is written. The episode's other rows go to `writes`. Any throw part-way (a row that cannot be
 * written, an event that cannot be serialised) is left to abort the caller's whole transaction.
 */
export function applyEpisodeCommit(context: EpisodeCommitContext, commit: EpisodeCommit): EpisodeCommitOutcome {
  const { hub, owner, orchestrations, episodes, changes, writes } = context;
  const completed = commit.completedActivityIds ?? [];
  if (writes.takesAnyOf(completed)) return 'lease-lost';
  const updated = episodes.updateInstance.run({
    hub,
    instanceId: commit.instanceId,
    owner,
    executionId: commit.executionId,
    expectedHistoryLength: commit.expectedHistoryLength,
    leaseFreeAt: commit.leaseFreeAt ?? null,
    completedIds: completed.length > 0 ? JSON.stringify(completed) : null,
    entityState: commit.entityState ?? null,
    ...episodeUpdateValues(commit),
  });
  if (updated.changes === 0) return 'lease-lost';

  const { update } = commit;
  writes.consumeActivities(completed);
  writes.consumeMessages(commit.instanceId, commit.consumedMessageIds);
  if (commit.continueAsNew === undefined) {
    writes.appendHistory(commit.instanceId, commit.expectedHistoryLength, historyToStore(commit).map(serializeEvent));
  }
  // After continue-as-new the row holds the new execution, whose status this commit does not set.
  changes.addInstance(commit.instanceId, commit.continueAsNew === undefined ? update.runtimeStatus : undefined);

  const execution = { instanceId: commit.instanceId, executionId: commit.executionId };
  for (const activity of commit.activities) writes.addActivity(execution, activity);
  const children = commit.newInstances ?? [];
  // Child starts and continue-as-new replace rows by instance: the rows collected so far go first.
  if (children.length > 0 || commit.continueAsNew !== undefined) writes.flush();
  for (const child of children) {
    if (insertInstance(orchestrations, hub, child, changes) !== undefined && child.onConflict !== undefined) {
      insertMessage(orchestrations, hub, child.onConflict, update.lastUpdatedAt, changes);
    }
  }
  if (commit.continueAsNew !== undefined) startNewExecution(context, commit.instanceId, commit.continueAsNew, update.lastUpdatedAt);
  for (const message of commit.messages) writes.addMessage(message, update.lastUpdatedAt);
  return 'committed';
}

/** Continue-as-new: a fresh history and execution; results and timers of the old one are dropped. */
function startNewExecution(context: EpisodeCommitContext, instanceId: string, next: ContinueAsNewCommit, now: number): void {
  const { hub, orchestrations, changes } = context;
  const key = { hub, instanceId };
  orchestrations.deleteHistory.run(key);
  orchestrations.deleteExecutionMessages.run(key);
  orchestrations.deleteActivities.run(key);
  orchestrations.resetExecution.run({ ...key, executionId: next.executionId, input: next.input ?? null });
  for (const event of [next.startEvent, ...next.carriedEvents]) {
    orchestrations.insertMessage.run({ ...key, event: serializeEvent(event), visibleAt: now });
  }
  changes.addWork('orchestration');
}
