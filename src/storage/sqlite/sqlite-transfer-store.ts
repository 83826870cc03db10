import type Database from 'better-sqlite3';
import type { HubTransferStore } from '../transfer/hub-transfer-store';
import { toTransferInstance } from '../transfer/transfer-instance-row';
import { decideTransferWrite } from '../transfer/transfer-outcome';
import type { TransferCounts, TransferInstance, TransferWriteOutcome } from '../transfer/transfer-records';
import type { SqliteDatabaseHandle } from './sqlite-database-handle';
import type { InstanceRow } from './sqlite-rows';
import { SQLITE_TRANSFER_SQL as SQL } from './sqlite-transfer-sql';

interface MessageRow {
  readonly event: string;
  readonly visible_at: number;
  readonly dequeue_count: number;
}

interface ActivityRow {
  readonly execution_id: string;
  readonly task_id: number;
  readonly name: string;
  readonly input: string | null;
  readonly visible_at: number;
  readonly dequeue_count: number;
}

/**
 * The transfer view of one hub in a SQLite file: rows as stored. A page is read in one read
 * transaction (a WAL snapshot), so a host writing meanwhile never shows an instance half-way
 * through an episode; an instance is written in one immediate transaction.
 */
export class SqliteTransferStore implements HubTransferStore {
  constructor(
    private readonly handle: SqliteDatabaseHandle,
    private readonly hub: string,
    readonly description: string,
  ) {}

  async readInstances(afterId: string | undefined, limit: number): Promise<TransferInstance[]> {
    return this.handle.read('read instances to export', () => {
      const db = this.handle.database();
      return db.transaction(() => {
        const rows = db.prepare(SQL.selectPage).all({ hub: this.hub, afterId: afterId ?? '', limit }) as InstanceRow[];
        return rows.map((row) => this.withRows(db, row));
      })();
    });
  }

  async readInstancesById(instanceIds: readonly string[]): Promise<TransferInstance[]> {
    return this.handle.read(`read ${instanceIds.length} instances to compare`, () => {
      const db = this.handle.database();
      return db.transaction(() => instanceIds.flatMap((id) => this.readOne(db, id) ?? []))();
    });
  }

  async counts(): Promise<TransferCounts> {
    return this.handle.read('count the rows of the hub', () => this.handle.database().prepare(SQL.counts).get({ hub: this.hub }) as TransferCounts);
  }

  async writeInstance(instance: TransferInstance, options: { readonly replace: boolean }): Promise<TransferWriteOutcome> {
    return this.handle.write(`import instance '${instance.instanceId}'`, (_statements, changes) => {
      const db = this.handle.database();
      const outcome = decideTransferWrite(this.readOne(db, instance.instanceId), instance, options.replace);
      if (outcome === 'identical' || outcome === 'conflict') return outcome;
      const key = { hub: this.hub, instanceId: instance.instanceId };
      if (outcome === 'replaced') for (const statement of SQL.deleteInstance) db.prepare(statement).run(key);
      db.prepare(SQL.insertInstance).run({
        ...key,
        executionId: instance.executionId,
        name: instance.name,
        version: instance.version,
        runtimeStatus: instance.runtimeStatus,
        input: instance.input,
        output: instance.output,
        failureDetails: instance.failureDetails,
        customStatus: instance.customStatus,
        entityState: instance.entityState,
        createdAt: instance.createdAt,
        lastUpdatedAt: instance.lastUpdatedAt,
        completedAt: instance.completedAt,
        historyLength: instance.historyLength,
      });
      const insertHistory = db.prepare(SQL.insertHistory);
      instance.history.forEach((event, seq) => insertHistory.run({ ...key, seq, event }));
      const insertMessage = db.prepare(SQL.insertMessage);
      for (const m of instance.messages) insertMessage.run({ ...key, event: m.event, visibleAt: m.visibleAt, dequeueCount: m.dequeueCount });
      const insertActivity = db.prepare(SQL.insertActivity);
      for (const a of instance.activities) {
        insertActivity.run({ ...key, executionId: a.executionId, taskId: a.taskId, name: a.name, input: a.input, visibleAt: a.visibleAt, dequeueCount: a.dequeueCount });
      }
      if (instance.messages.length > 0) changes.addWork('orchestration');
      if (instance.activities.length > 0) changes.addWork('activity');
      changes.addInstance(instance.instanceId);
      return outcome;
      // Not fsynced one by one: a power cut can lose only the last instances written, whole, and a
      // rerun of the import writes them again (the next durable commit syncs them all).
    }, { durable: false });
  }

  private readOne(db: Database.Database, instanceId: string): TransferInstance | undefined {
    const row = db.prepare(SQL.selectInstance).get({ hub: this.hub, instanceId }) as InstanceRow | undefined;
    return row === undefined ? undefined : this.withRows(db, row);
  }

  private withRows(db: Database.Database, row: InstanceRow): TransferInstance {
    const key = { hub: this.hub, instanceId: row.instance_id };
    const history = (db.prepare(SQL.selectHistory).all(key) as { event: string }[]).map((h) => h.event);
    const messages = db.prepare(SQL.selectMessages).all(key) as MessageRow[];
    const activities = db.prepare(SQL.selectActivities).all(key) as ActivityRow[];
    return toTransferInstance({ ...row, entity_state: row.entity_state ?? null }, {
      history,
      messages: messages.map((m) => ({ event: m.event, visibleAt: m.visible_at, dequeueCount: m.dequeue_count })),
      activities: activities.map((a) => ({
        executionId: a.execution_id,
        taskId: a.task_id,
        name: a.name,
        input: a.input,
        visibleAt: a.visible_at,
        dequeueCount: a.dequeue_count,
      })),
    });
  }
}
