import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import type { ChangeSet } from '../change-notifier';
import { episodeUpdateValues } from '../episode-update-values';
import type { ActivityWorkItem, NewMessage } from '../storage-records';
import type { RuntimeStatus } from '../../model/runtime-status';
import { isLeasedActivity, leasedActivityKey, leasedActivityWorkItem } from '../leased-activity';
import type { FencedEpisode } from './postgres-episode-fences';
import {
  deleteActivityRows,
  deleteConsumedMessages,
  insertActivityRows,
  insertEntityRows,
  insertHistoryRows,
  insertMessageRows,
  toActivityRow,
  updateInstanceRows,
  type ActivityRow,
  type ConsumedMessageRow,
  type EntityRow,
  type HistoryRow,
  type InstanceRowUpdate,
  type MessageRow,
} from './postgres-episode-statements';
import { serializeEvent } from './postgres-rows';
import { historyToStore } from '../stored-history';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * The common writes of consecutive committed episodes, gathered and then written together with
 * a fixed number of statements: consumed messages deleted, history appended, instance rows
 * updated, activity items and messages created (in the order added). Writing them statement by
 * statement across episodes, instead of episode by episode, gives the same result because no
 * episode's common writes touch rows another's touch: each instance commits at most once per
 * batch, consumed messages existed before the batch, and inserts only add rows. Anything that
 * deletes or replaces rows (child starts, continue-as-new) must run after `write`, so that it
 * sees the earlier episodes' rows as the SQLite provider's episode-by-episode commit would.
 */
export class EpisodeWrites {
  /** The activity items created leased to the committing owner, as written so far. */
  readonly leased: ActivityWorkItem[] = [];
  /** The work items a leased activity will be, by instance and task, until written. */
  private toLease = new Map<string, (workItemId: number) => ActivityWorkItem>();
  private completed: number[] = [];
  private consumed: ConsumedMessageRow[] = [];
  private history: HistoryRow[] = [];
  private updates: InstanceRowUpdate[] = [];
  /** The status each updated row is left in, where the episode sets it (not after continue-as-new). */
  private statuses = new Map<string, RuntimeStatus | undefined>();
  private activities: ActivityRow[] = [];
  private entities: EntityRow[] = [];
  private messages: MessageRow[] = [];

  /** Everything of the episode up to its child starts: consumed messages, history, row update, activities. */
  addEpisode({ commit, firstSeq }: FencedEpisode, owner: string): void {
    const { instanceId } = commit;
    this.completed.push(...(commit.completedActivityIds ?? []));
    for (const messageId of commit.consumedMessageIds) this.consumed.push({ instanceId, messageId });
    // Continue-as-new drops the history, so it is not written (history_length still counts it, reset later).
    if (commit.continueAsNew === undefined) {
      historyToStore(commit).forEach((event, index) => this.history.push({ instanceId, seq: firstSeq + index, event: serializeEvent(event) }));
    }
    this.updates.push({ instanceId, ...episodeUpdateValues(commit), entityState: commit.entityState ?? null });
    this.statuses.set(instanceId, commit.continueAsNew === undefined ? commit.update.runtimeStatus : undefined);
    const execution = { instanceId, executionId: commit.executionId };
    for (const activity of commit.activities) {
      this.activities.push(toActivityRow(instanceId, commit.executionId, activity, owner));
      if (isLeasedActivity(activity)) this.toLease.set(leasedActivityKey(instanceId, activity.taskId), (id) => leasedActivityWorkItem(execution, activity, id));
    }
  }

  /** Messages to queue after what was added before; an entity's row is created (at `now`) by its first message. */
  addMessages(messages: readonly NewMessage[], now: number): void {
    for (const message of messages) {
      if (isEntityInstanceId(message.instanceId)) this.entities.push({ instanceId: message.instanceId, name: parseEntityId(message.instanceId).name, now });
      this.messages.push({ instanceId: message.instanceId, event: serializeEvent(message.event), visibleAt: message.visibleAt });
    }
  }

  /** Writes what was added, in the order the SQLite provider writes an episode's parts, and starts empty again. */
  async write(db: Queryable, tables: PostgresTables, hub: string, changes: ChangeSet): Promise<void> {
    const { completed, consumed, history, updates, activities, entities, messages } = this;
    this.completed = [];
    this.consumed = [];
    this.history = [];
    this.updates = [];
    this.activities = [];
    this.entities = [];
    this.messages = [];
    const { statuses, toLease } = this;
    this.statuses = new Map();
    this.toLease = new Map();
    // Sent together, in this order (each call sends its statement before its first await): on a
    // pipelined connection they share one round trip, and the server still runs them one after
    // another. After a failure the later ones fail too (the transaction is aborted); the first
    // error is the one thrown.
    const [, , , , leased, created] = await Promise.all([
      deleteActivityRows(db, tables, hub, completed),
      deleteConsumedMessages(db, tables, hub, consumed),
      insertHistoryRows(db, tables, hub, history),
      updateInstanceRows(db, tables, hub, updates),
      insertActivityRows(db, tables, hub, activities),
      insertEntityRows(db, tables, hub, entities),
      insertMessageRows(db, tables, hub, messages),
    ]);
    for (const { instanceId } of updates) changes.addInstance(instanceId, statuses.get(instanceId));
    for (const { instanceId, taskId, workItemId } of leased) {
      const make = toLease.get(leasedActivityKey(instanceId, taskId));
      if (make !== undefined) this.leased.push(make(workItemId));
    }
    if (activities.length > leased.length) changes.addWork('activity');
    for (const instanceId of created) changes.addInstance(instanceId);
    if (messages.length > 0) changes.addWork('orchestration');
  }
}
