import type { ActivityWorkItem, ContinueAsNewCommit, EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import { isLeasedActivity, leasedActivityWorkItem } from '../leased-activity';
import { newActivityParams, type ActivityStatements } from './sqlite-activity-statements';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import { insertInstance } from './sqlite-instance-insert';
import { insertMessage } from './sqlite-message-insert';
import { serializeEvent } from './sqlite-rows';
import { historyToStore } from '../stored-history';
import { episodeUpdateValues } from '../episode-update-values';
import { holdsOrNeedsNoLease } from '../lease-fence';

export interface EpisodeCommitContext {
  readonly hub: string;
  readonly owner: string;
  readonly orchestrations: OrchestrationStatements;
  readonly activities: ActivityStatements;
  readonly changes: ChangeSet;
  /** Receives the activity items created leased to `owner`. */
  readonly leased: ActivityWorkItem[];
}

/**
 * Applies one episode inside the caller's transaction. Fencing first: if `owner` no longer holds
 * the instance's lease, or the history length or execution moved, nothing is written. Any throw
 * part-way (a row that cannot be written, an event that cannot be serialised) is left to abort
 * the caller's whole transaction.
 */
export function applyEpisodeCommit(context: EpisodeCommitContext, commit: EpisodeCommit): EpisodeCommitOutcome {
  const { hub, owner, orchestrations, activities, changes, leased } = context;
  const key = { hub, instanceId: commit.instanceId };
  const row = orchestrations.selectInstanceState.get(key);
  if (
    row === undefined ||
    !holdsOrNeedsNoLease(row, owner, commit.leaseFreeAt) ||
    row.history_length !== commit.expectedHistoryLength ||
    row.execution_id !== commit.executionId
  ) {
    return 'lease-lost';
  }
  const completed = commit.completedActivityIds ?? [];
  if (completed.some((workItemId) => activities.selectActivityOwner.get({ hub, workItemId })?.locked_by !== owner)) return 'lease-lost';
  for (const workItemId of completed) activities.deleteActivity.run({ hub, workItemId });

  for (const messageId of commit.consumedMessageIds) {
    orchestrations.deleteMessage.run({ ...key, messageId });
  }
  if (commit.continueAsNew === undefined) {
    historyToStore(commit).forEach((event, index) => {
      orchestrations.insertHistory.run({ ...key, seq: row.history_length + index, event: serializeEvent(event) });
    });
  }

  const { update } = commit;
  orchestrations.updateAfterEpisode.run({ ...key, ...episodeUpdateValues(commit) });
  // After continue-as-new the row holds the new execution, whose status this commit does not set.
  changes.addInstance(commit.instanceId, commit.continueAsNew === undefined ? update.runtimeStatus : undefined);

  const execution = { instanceId: commit.instanceId, executionId: commit.executionId };
  for (const activity of commit.activities) {
    const params = newActivityParams({ hub, ...execution }, activity);
    if (isLeasedActivity(activity)) {
      const { lastInsertRowid } = activities.insertLeasedActivity.run({ ...params, owner, expiresAt: activity.leaseExpiresAt });
      leased.push(leasedActivityWorkItem(execution, activity, Number(lastInsertRowid)));
    } else {
      activities.insertActivity.run(params);
      changes.addWork('activity');
    }
  }
  for (const child of commit.newInstances ?? []) {
    if (insertInstance(orchestrations, hub, child, changes) !== undefined && child.onConflict !== undefined) {
      insertMessage(orchestrations, hub, child.onConflict, update.lastUpdatedAt, changes);
    }
  }
  if (commit.entityState !== undefined) orchestrations.setEntityState.run({ ...key, entityState: commit.entityState });
  if (commit.continueAsNew !== undefined) startNewExecution(context, commit.instanceId, commit.continueAsNew, update.lastUpdatedAt);
  for (const message of commit.messages) insertMessage(orchestrations, hub, message, update.lastUpdatedAt, changes);
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
