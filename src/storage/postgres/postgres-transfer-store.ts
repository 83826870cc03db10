import type { HubTransferStore } from '../transfer/hub-transfer-store';
import { toTransferInstance, transferInstanceColumns } from '../transfer/transfer-instance-row';
import { decideTransferWrite } from '../transfer/transfer-outcome';
import type { TransferActivity, TransferCounts, TransferInstance, TransferMessage, TransferWriteOutcome } from '../transfer/transfer-records';
import type { PostgresDatabase } from './postgres-database';
import { toNumber, type InstanceRow, type Int8 } from './postgres-rows';
import type { Queryable } from './postgres-tables';
import { postgresTransferSql, type PostgresTransferSql } from './postgres-transfer-sql';

type Keyed<T> = T & { readonly instance_id: string };

/**
 * The transfer view of one hub in PostgreSQL: rows as stored. A page is read in one REPEATABLE
 * READ transaction (one snapshot for the instances and all their rows); an instance is written
 * in one transaction that locks an existing row with that id first, and announces its work to
 * the hosts listening on the hub.
 */
export class PostgresTransferStore implements HubTransferStore {
  private readonly sql: PostgresTransferSql;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly hub: string,
    readonly description: string,
  ) {
    this.sql = postgresTransferSql(db.tables);
  }

  async readInstances(afterId: string | undefined, limit: number): Promise<TransferInstance[]> {
    return this.db.transaction('read instances to export', async (q) => {
      await q.query(this.sql.snapshot);
      const rows = (await q.query<InstanceRow>(this.sql.selectPage, [this.hub, afterId ?? '', limit])).rows;
      return this.withRows(q, rows);
    }, { counted: () => false });
  }

  async readInstancesById(instanceIds: readonly string[]): Promise<TransferInstance[]> {
    return this.db.transaction(`read ${instanceIds.length} instances to compare`, async (q) => {
      await q.query(this.sql.snapshot);
      return this.withRows(q, (await q.query<InstanceRow>(this.sql.selectInstances, [this.hub, [...instanceIds]])).rows);
    }, { counted: () => false });
  }

  async counts(): Promise<TransferCounts> {
    return this.db.read('count the rows of the hub', async (q) => {
      const row = (await q.query<Record<'instances' | 'history_events' | 'messages' | 'activities', Int8>>(this.sql.counts, [this.hub])).rows[0];
      return {
        instances: toNumber(row?.instances ?? 0),
        historyEvents: toNumber(row?.history_events ?? 0),
        messages: toNumber(row?.messages ?? 0),
        activities: toNumber(row?.activities ?? 0),
      };
    });
  }

  async writeInstance(instance: TransferInstance, options: { readonly replace: boolean }): Promise<TransferWriteOutcome> {
    return this.db.transaction(`import instance '${instance.instanceId}'`, async (q, changes) => {
      await q.query(this.sql.asyncCommit);
      const outcome = decideTransferWrite(await this.lockAndRead(q, instance.instanceId), instance, options.replace);
      if (outcome === 'identical' || outcome === 'conflict') return outcome;
      const key = [this.hub, instance.instanceId];
      if (outcome === 'replaced') for (const statement of this.sql.deleteInstance) await q.query(statement, key);
      await q.query(this.sql.insertInstance, [...key, ...transferInstanceColumns(instance)]);
      if (instance.history.length > 0) await q.query(this.sql.insertHistory, [...key, instance.history]);
      const { messages, activities } = instance;
      if (messages.length > 0) {
        await q.query(this.sql.insertMessages, [...key, messages.map((m) => m.event), messages.map((m) => m.visibleAt), messages.map((m) => m.dequeueCount)]);
        changes.addWork('orchestration');
      }
      if (activities.length > 0) {
        const column = <K extends keyof TransferActivity>(name: K): TransferActivity[K][] => activities.map((a) => a[name]);
        await q.query(this.sql.insertActivities, [
          ...key,
          column('executionId'),
          column('taskId'),
          column('name'),
          column('input'),
          column('visibleAt'),
          column('dequeueCount'),
        ]);
        changes.addWork('activity');
      }
      changes.addInstance(instance.instanceId);
      return outcome;
    }, { counted: (outcome) => outcome === 'imported' || outcome === 'replaced' });
  }

  /** An existing row stays locked until the transaction ends, so two imports of one id wait for each other. */
  private async lockAndRead(q: Queryable, instanceId: string): Promise<TransferInstance | undefined> {
    const rows = (await q.query<InstanceRow>(this.sql.lockInstance, [this.hub, instanceId])).rows;
    return (await this.withRows(q, rows))[0];
  }

  private async withRows(q: Queryable, rows: readonly InstanceRow[]): Promise<TransferInstance[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.instance_id);
    const history = groupBy((await q.query<Keyed<{ event: string }>>(this.sql.selectHistory, [this.hub, ids])).rows, (h) => h.event);
    const messages = groupBy(
      (await q.query<Keyed<{ event: string; visible_at: Int8; dequeue_count: number }>>(this.sql.selectMessages, [this.hub, ids])).rows,
      (m): TransferMessage => ({ event: m.event, visibleAt: toNumber(m.visible_at), dequeueCount: m.dequeue_count }),
    );
    type ActivityRow = Keyed<{ execution_id: string; task_id: number; name: string; input: string | null; visible_at: Int8; dequeue_count: number }>;
    const activities = groupBy((await q.query<ActivityRow>(this.sql.selectActivities, [this.hub, ids])).rows, (a): TransferActivity => ({
      executionId: a.execution_id,
      taskId: a.task_id,
      name: a.name,
      input: a.input,
      visibleAt: toNumber(a.visible_at),
      dequeueCount: a.dequeue_count,
    }));
    return rows.map((row) =>
      toTransferInstance(
        {
          ...row,
          created_at: toNumber(row.created_at),
          last_updated_at: toNumber(row.last_updated_at),
          completed_at: row.completed_at === null ? null : toNumber(row.completed_at),
        },
        { history: history.get(row.instance_id) ?? [], messages: messages.get(row.instance_id) ?? [], activities: activities.get(row.instance_id) ?? [] },
      ),
    );
  }
}

function groupBy<R extends { readonly instance_id: string }, T>(rows: readonly R[], map: (row: R) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.instance_id);
    if (group === undefined) groups.set(row.instance_id, [map(row)]);
    else group.push(map(row));
  }
  return groups;
}
