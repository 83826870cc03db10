import type { PostgresTables } from './postgres-tables';

/** The statements of PostgresTransferStore; a page's rows are read with one query per table. */
export function postgresTransferSql(t: PostgresTables) {
  const instanceColumns = `instance_id, execution_id, name, version, runtime_status, input, output, failure_details,
    custom_status, entity_state, created_at, last_updated_at, completed_at, history_length`;
  const ofInstance = (alias: string): string => `EXISTS (SELECT 1 FROM ${t.instances} i WHERE i.hub = ${alias}.hub AND i.instance_id = ${alias}.instance_id)`;
  return {
    snapshot: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY',
    // An import commit need not wait for its WAL flush: a crash can lose only the last instances
    // written, whole, and a rerun writes them again; the next synchronous commit flushes them all.
    asyncCommit: 'SET LOCAL synchronous_commit TO OFF',
    selectPage: `SELECT ${instanceColumns} FROM ${t.instances} WHERE hub = $1 AND instance_id > $2 ORDER BY instance_id LIMIT $3`,
    selectInstances: `SELECT ${instanceColumns} FROM ${t.instances} WHERE hub = $1 AND instance_id = ANY($2::text[])`,
    lockInstance: `SELECT ${instanceColumns} FROM ${t.instances} WHERE hub = $1 AND instance_id = $2 FOR UPDATE`,
    selectHistory: `SELECT instance_id, event FROM ${t.history} WHERE hub = $1 AND instance_id = ANY($2::text[]) ORDER BY instance_id, seq`,
    selectMessages: `SELECT instance_id, event, visible_at, dequeue_count FROM ${t.messages}
      WHERE hub = $1 AND instance_id = ANY($2::text[]) ORDER BY instance_id, message_id`,
    selectActivities: `SELECT instance_id, execution_id, task_id, name, input, visible_at, dequeue_count FROM ${t.activities}
      WHERE hub = $1 AND instance_id = ANY($2::text[]) ORDER BY instance_id, work_item_id`,
    // Rows of instances that exist only: a message to an id with no instance row is not part of any export.
    counts: `SELECT
      (SELECT count(*) FROM ${t.instances} WHERE hub = $1) AS instances,
      (SELECT count(*) FROM ${t.history} h WHERE hub = $1 AND ${ofInstance('h')}) AS history_events,
      (SELECT count(*) FROM ${t.messages} m WHERE hub = $1 AND ${ofInstance('m')}) AS messages,
      (SELECT count(*) FROM ${t.activities} a WHERE hub = $1 AND ${ofInstance('a')}) AS activities`,
    deleteInstance: [t.history, t.messages, t.activities, t.instances].map((table) => `DELETE FROM ${table} WHERE hub = $1 AND instance_id = $2`),
    insertInstance: `INSERT INTO ${t.instances} (hub, ${instanceColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    insertHistory: `INSERT INTO ${t.history} (hub, instance_id, seq, event)
      SELECT $1, $2, (ord - 1)::integer, event FROM unnest($3::text[]) WITH ORDINALITY AS e(event, ord)`,
    // ORDER BY ord: the identity numbers the messages in their original order.
    insertMessages: `INSERT INTO ${t.messages} (hub, instance_id, event, visible_at, dequeue_count)
      SELECT $1, $2, event, visible_at, dequeue_count
      FROM unnest($3::text[], $4::bigint[], $5::integer[]) WITH ORDINALITY AS m(event, visible_at, dequeue_count, ord) ORDER BY ord`,
    insertActivities: `INSERT INTO ${t.activities} (hub, instance_id, execution_id, task_id, name, input, visible_at, dequeue_count)
      SELECT $1, $2, execution_id, task_id, name, input, visible_at, dequeue_count
      FROM unnest($3::text[], $4::integer[], $5::text[], $6::text[], $7::bigint[], $8::integer[]) WITH ORDINALITY
        AS a(execution_id, task_id, name, input, visible_at, dequeue_count, ord) ORDER BY ord`,
  };
}

export type PostgresTransferSql = ReturnType<typeof postgresTransferSql>;
