import type { ContinueAsNewCommit, EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import { newActivityParams, type ActivityStatements } from './sqlite-activity-statements';
import type { ChangeSet } from '../change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import { insertInstance } from './sqlite-instance-insert';
import { insertMessage } from './sqlite-message-insert';
import { serializeEvent } from './sqlite-rows';
import { historyToStore } from '../stored-history';
import { episodeUpdateValues } from '../episode-update-values';

export interface EpisodeCommitContext {
  readonly hub: string;
  readonly owner: string;
  readonly orchestrations: OrchestrationStatements;
  readonly activities: ActivityStatements;
  readonly changes: ChangeSet;
}

/**
 * Applies one episode inside the caller's transaction. Fencing first: if `owner` no longer holds
 * the instance's lease, or the history length or execution moved, nothing is written. Any throw
 * part-way (a row that cannot be written, an event that cannot be serialised) is left to abort
 * the caller's whole transaction.
 */
export function applyEpisodeCommit(context: EpisodeCommitContext, commit: EpisodeCommit): EpisodeCommitOutcome {
  const { hub, owner, orchestrations, activities, changes } = context;
  const key = { hub, instanceId: commit.instanceId };
  const row = orchestrations.selectInstance.get(key);
  if (
    row === undefined ||
    row.locked_by !== owner ||
    row.history_length !== commit.expectedHistoryLength ||
    row.execution_id !== commit.executionId
  ) {
    return 'lease-lost';
  }

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
  changes.addInstance(commit.instanceId, update.runtimeStatus);

  for (const activity of commit.activities) {
    activities.insertActivity.run(newActivityParams({ hub, instanceId: commit.instanceId, executionId: commit.executionId }, activity));
    changes.addWork('activity');
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
