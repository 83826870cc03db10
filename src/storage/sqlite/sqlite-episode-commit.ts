import type { EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import type { ActivityStatements } from './sqlite-activity-statements';
import type { ChangeSet } from './sqlite-change-notifier';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
import { serializeEvent } from './sqlite-rows';

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
  commit.newHistory.forEach((event, index) => {
    orchestrations.insertHistory.run({ ...key, seq: row.history_length + index, event: serializeEvent(event) });
  });

  const { update } = commit;
  orchestrations.updateAfterEpisode.run({
    ...key,
    runtimeStatus: update.runtimeStatus,
    output: update.output ?? null,
    failureDetails: update.failureDetails !== undefined ? JSON.stringify(update.failureDetails) : null,
    customStatus: update.customStatus ?? null,
    lastUpdatedAt: update.lastUpdatedAt,
    completedAt: update.completedAt ?? null,
    appended: commit.newHistory.length,
  });
  changes.addInstance(commit.instanceId);

  for (const activity of commit.activities) {
    activities.insertActivity.run({
      hub,
      instanceId: commit.instanceId,
      executionId: commit.executionId,
      taskId: activity.taskId,
      name: activity.name,
      input: activity.input ?? null,
      visibleAt: activity.visibleAt,
    });
    changes.addWork('activity');
  }
  for (const message of commit.messages) {
    orchestrations.insertMessage.run({
      hub,
      instanceId: message.instanceId,
      event: serializeEvent(message.event),
      visibleAt: message.visibleAt,
    });
    changes.addWork('orchestration');
  }
  return 'committed';
}
