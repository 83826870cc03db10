import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import type { ChangeSet } from '../change-notifier';
import { isLeasedActivity, leasedActivityKey, leasedActivityWorkItem } from '../leased-activity';
import type { ActivityWorkItem, NewActivity, NewMessage } from '../storage-records';
import type { EpisodeStatements } from './sqlite-episode-statements';
import type { SqlValue } from './sqlite-multi-row-statement';
import { serializeEvent } from './sqlite-rows';

interface LeasedEntry {
  readonly execution: { readonly instanceId: string; readonly executionId: string };
  readonly activity: NewActivity & { readonly leaseExpiresAt: number };
}

/**
 * The row writes of a batch of episodes, collected after each episode passed its fence and
 * written together by `flush`: a few statements for the whole batch instead of one per row.
 * The caller flushes before anything that replaces rows by instance (a child start that reuses
 * an id, continue-as-new), so that every row is written in the same order relative to those as
 * when each was written at once, and at the end of the batch; all of it inside one transaction.
 */
export class SqliteEpisodeWrites {
  private consumedActivities: number[] = [];
  /** Every activity item consumed by this batch so far, flushed or not: one result is recorded once. */
  private readonly takenActivities = new Set<number>();
  private consumedMessages: SqlValue[][] = [];
  private history: SqlValue[][] = [];
  private activities: SqlValue[][] = [];
  private leasedEntries: LeasedEntry[] = [];
  private leasedKeys = new Set<string>();
  private entities: SqlValue[][] = [];
  private messages: SqlValue[][] = [];
  /** The committed episodes' leased activities, in order, once flushed. */
  readonly leased: ActivityWorkItem[] = [];

  constructor(
    private readonly hub: string,
    private readonly owner: string,
    private readonly statements: EpisodeStatements,
    private readonly changes: ChangeSet,
  ) {}

  /** Whether an episode of this batch already consumed one of these activity items. */
  takesAnyOf(workItemIds: readonly number[]): boolean {
    return workItemIds.some((id) => this.takenActivities.has(id));
  }

  consumeActivities(workItemIds: readonly number[]): void {
    for (const id of workItemIds) {
      this.takenActivities.add(id);
      this.consumedActivities.push(id);
    }
  }

  consumeMessages(instanceId: string, messageIds: readonly number[]): void {
    for (const id of messageIds) this.consumedMessages.push([instanceId, id]);
  }

  appendHistory(instanceId: string, firstSeq: number, events: readonly string[]): void {
    events.forEach((event, index) => this.history.push([instanceId, firstSeq + index, event]));
  }

  addActivity(execution: LeasedEntry['execution'], activity: NewActivity): void {
    const leased = isLeasedActivity(activity);
    if (leased) {
      // Leased items are matched back by (instance, task): a second item with the key goes in the next statement.
      const key = leasedActivityKey(execution.instanceId, activity.taskId);
      if (this.leasedKeys.has(key)) this.flushActivities();
      this.leasedKeys.add(key);
      this.leasedEntries.push({ execution, activity });
    } else {
      this.changes.addWork('activity');
    }
    this.activities.push([
      execution.instanceId,
      execution.executionId,
      activity.taskId,
      activity.name,
      activity.input ?? null,
      activity.timeoutMs ?? null,
      activity.visibleAt,
      leased ? this.owner : null,
      leased ? activity.leaseExpiresAt : null,
      leased ? 1 : 0,
    ]);
  }

  /** Queues a message; an entity's row is created by its first message. */
  addMessage(message: NewMessage, now: number): void {
    if (isEntityInstanceId(message.instanceId)) this.entities.push([message.instanceId, parseEntityId(message.instanceId).name, now]);
    this.messages.push([message.instanceId, serializeEvent(message.event), message.visibleAt]);
    this.changes.addWork('orchestration');
  }

  /** Writes everything collected so far. */
  flush(): void {
    const { hub, statements } = this;
    statements.deleteActivities.run({ hub }, this.consumedActivities.map((id) => [id]));
    statements.deleteMessages.run({ hub }, this.consumedMessages);
    statements.insertHistory.run({ hub }, this.history);
    this.flushActivities();
    for (const { instance_id: created } of statements.insertEntities.run({ hub }, this.entities)) this.changes.addInstance(created);
    statements.insertMessages.run({ hub }, this.messages);
    this.consumedActivities = [];
    this.consumedMessages = [];
    this.history = [];
    this.entities = [];
    this.messages = [];
  }

  private flushActivities(): void {
    const inserted = this.statements.insertActivities.run({ hub: this.hub }, this.activities);
    if (this.leasedEntries.length > 0) {
      const ids = new Map(inserted.filter((row) => row.locked_by !== null).map((row) => [leasedActivityKey(row.instance_id, row.task_id), row.work_item_id]));
      for (const { execution, activity } of this.leasedEntries) {
        const workItemId = ids.get(leasedActivityKey(execution.instanceId, activity.taskId));
        if (workItemId !== undefined) this.leased.push(leasedActivityWorkItem(execution, activity, workItemId));
      }
    }
    this.activities = [];
    this.leasedEntries = [];
    this.leasedKeys = new Set();
  }
}
