import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import type { ChangeSet } from '../change-notifier';
import { episodeUpdateValues } from '../episode-update-values';
import type { NewMessage } from '../storage-records';
import type { FencedEpisode } from './postgres-episode-fences';
import {
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
  private consumed: ConsumedMessageRow[] = [];
  private history: HistoryRow[] = [];
  private updates: InstanceRowUpdate[] = [];
  private activities: ActivityRow[] = [];
  private entities: EntityRow[] = [];
  private messages: MessageRow[] = [];

  /** Everything of the episode up to its child starts: consumed messages, history, row update, activities. */
  addEpisode({ commit, firstSeq }: FencedEpisode): void {
    const { instanceId } = commit;
    for (const messageId of commit.consumedMessageIds) this.consumed.push({ instanceId, messageId });
    // Continue-as-new drops the history, so it is not written (history_length still counts it, reset later).
    if (commit.continueAsNew === undefined) {
      historyToStore(commit).forEach((event, index) => this.history.push({ instanceId, seq: firstSeq + index, event: serializeEvent(event) }));
    }
    this.updates.push({ instanceId, ...episodeUpdateValues(commit), entityState: commit.entityState ?? null });
    for (const activity of commit.activities) {
      this.activities.push(toActivityRow(instanceId, commit.executionId, activity));
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
    const { consumed, history, updates, activities, entities, messages } = this;
    this.consumed = [];
    this.history = [];
    this.updates = [];
    this.activities = [];
    this.entities = [];
    this.messages = [];
    // Sent together, in this order (each call sends its statement before its first await): on a
    // pipelined connection they share one round trip, and the server still runs them one after
    // another. After a failure the later ones fail too (the transaction is aborted); the first
    // error is the one thrown.
    const [, , , , created] = await Promise.all([
      deleteConsumedMessages(db, tables, hub, consumed),
      insertHistoryRows(db, tables, hub, history),
      updateInstanceRows(db, tables, hub, updates),
      insertActivityRows(db, tables, hub, activities),
      insertEntityRows(db, tables, hub, entities),
      insertMessageRows(db, tables, hub, messages),
    ]);
    for (const { instanceId, runtimeStatus } of updates) changes.addInstance(instanceId, runtimeStatus);
    if (activities.length > 0) changes.addWork('activity');
    for (const instanceId of created) changes.addInstance(instanceId);
    if (messages.length > 0) changes.addWork('orchestration');
  }
}
