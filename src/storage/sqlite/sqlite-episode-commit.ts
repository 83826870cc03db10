import type { ContinueAsNewCommit, EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import type { EpisodeStatements, EpisodeUpdateRow } from './sqlite-episode-statements';
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
 * Applies a batch of episodes inside the caller's transaction, each as if alone and in order.
 * Fencing first: an instance row is updated only if `owner` still holds its lease (or no live
 * lease exists, for an unclaimed episode), the history length and execution are as expected and
 * every consumed activity item is still leased to `owner` (and not consumed by an earlier episode
 * of the batch); otherwise nothing of that episode is written. The other rows go to `writes`. Any
 * throw part-way (a row that cannot be written, an event that cannot be serialised) is left to
 * abort the caller's whole transaction.
 */
export function applyEpisodeBatch(context: EpisodeCommitContext, commits: readonly EpisodeCommit[]): EpisodeCommitOutcome[] {
  if (fitsOneUpdate(commits)) {
    const passed = fenceAndUpdate(context, commits);
    return commits.map((commit) => (passed.has(commit.instanceId) ? writeEpisode(context, commit) : 'lease-lost'));
  }
  return commits.map((commit) =>
    context.writes.takesAnyOf(commit.completedActivityIds ?? []) || fenceAndUpdate(context, [commit]).size === 0 ? 'lease-lost' : writeEpisode(context, commit),
  );
}

/**
 * Whether the batch's fences and updates can run as one statement with the same outcome as one
 * after another: distinct instances, no activity item consumed twice, and nothing that replaces
 * rows (child starts, continue-as-new) and so could change what a later episode's fence sees.
 */
function fitsOneUpdate(commits: readonly EpisodeCommit[]): boolean {
  const instances = new Set<string>();
  const items = new Set<number>();
  for (const commit of commits) {
    if ((commit.newInstances?.length ?? 0) > 0 || commit.continueAsNew !== undefined || instances.has(commit.instanceId)) return false;
    instances.add(commit.instanceId);
    for (const id of new Set(commit.completedActivityIds ?? [])) {
      if (items.has(id)) return false;
      items.add(id);
    }
  }
  return true;
}

/** Fences and updates the instance rows of `commits` (distinct instances); returns those that passed. */
function fenceAndUpdate({ hub, owner, episodes }: EpisodeCommitContext, commits: readonly EpisodeCommit[]): Set<string> {
  return new Set(episodes.updateInstances.run({ hub, owner }, commits.map(updateRow)).map((row) => row.instance_id));
}

function updateRow(commit: EpisodeCommit): EpisodeUpdateRow {
  const values = episodeUpdateValues(commit);
  const completed = commit.completedActivityIds ?? [];
  return [
    commit.instanceId,
    commit.executionId,
    commit.expectedHistoryLength,
    values.runtimeStatus,
    values.output,
    values.failureDetails,
    values.customStatus,
    values.lastUpdatedAt,
    values.completedAt,
    values.appended,
    commit.entityState ?? null,
    commit.leaseFreeAt ?? null,
    completed.length === 1 ? (completed[0] ?? null) : null,
    completed.length > 1 ? JSON.stringify(completed) : null,
  ];
}

/** Everything of a fenced episode but its instance row's update, which has been made. */
function writeEpisode(context: EpisodeCommitContext, commit: EpisodeCommit): EpisodeCommitOutcome {
  const { hub, orchestrations, changes, writes } = context;
  const { update } = commit;
  writes.consumeActivities(commit.completedActivityIds ?? []);
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
    if (insertInstance(orchestrations, hub, child, changes).conflict !== undefined && child.onConflict !== undefined) {
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
