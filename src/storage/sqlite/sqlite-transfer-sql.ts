import { HISTORY_OF_INSTANCE, INSERT_HISTORY_ROW } from './sqlite-history-schema';

/** The statements of SqliteTransferStore, with named parameters; prepared per use, as a transfer is no hot path. */
export const SQLITE_TRANSFER_SQL = {
  selectPage: `SELECT * FROM instances WHERE hub = @hub AND instance_id > @afterId ORDER BY instance_id LIMIT @limit`,
  selectInstance: `SELECT * FROM instances WHERE hub = @hub AND instance_id = @instanceId`,
  selectHistory: `SELECT event FROM history WHERE ${HISTORY_OF_INSTANCE} ORDER BY seq`,
  selectMessages: `SELECT event, visible_at, dequeue_count FROM orchestration_messages
    WHERE hub = @hub AND instance_id = @instanceId ORDER BY message_id`,
  selectActivities: `SELECT execution_id, task_id, name, input, visible_at, dequeue_count FROM activity_items
    WHERE hub = @hub AND instance_id = @instanceId ORDER BY work_item_id`,
  // Rows of instances that exist only: a message to an id with no instance row is not part of any export.
  counts: `SELECT
    (SELECT count(*) FROM instances WHERE hub = @hub) AS instances,
    (SELECT count(*) FROM history h WHERE hub = @hub
       AND EXISTS (SELECT 1 FROM instances i WHERE i.hub = h.hub AND i.instance_id = h.instance_id)) AS historyEvents,
    (SELECT count(*) FROM orchestration_messages m WHERE hub = @hub
       AND EXISTS (SELECT 1 FROM instances i WHERE i.hub = m.hub AND i.instance_id = m.instance_id)) AS messages,
    (SELECT count(*) FROM activity_items a WHERE hub = @hub
       AND EXISTS (SELECT 1 FROM instances i WHERE i.hub = a.hub AND i.instance_id = a.instance_id)) AS activities`,
  deleteInstance: [
    `DELETE FROM history WHERE ${HISTORY_OF_INSTANCE}`,
    `DELETE FROM orchestration_messages WHERE hub = @hub AND instance_id = @instanceId`,
    `DELETE FROM activity_items WHERE hub = @hub AND instance_id = @instanceId`,
    `DELETE FROM instances WHERE hub = @hub AND instance_id = @instanceId`,
  ],
  insertInstance: `INSERT INTO instances (hub, instance_id, execution_id, name, version, runtime_status, input, output,
      failure_details, custom_status, entity_state, created_at, last_updated_at, completed_at, history_length)
    VALUES (@hub, @instanceId, @executionId, @name, @version, @runtimeStatus, @input, @output,
      @failureDetails, @customStatus, @entityState, @createdAt, @lastUpdatedAt, @completedAt, @historyLength)`,
  insertHistory: INSERT_HISTORY_ROW,
  insertMessage: `INSERT INTO orchestration_messages (hub, instance_id, event, visible_at, dequeue_count)
    VALUES (@hub, @instanceId, @event, @visibleAt, @dequeueCount)`,
  insertActivity: `INSERT INTO activity_items (hub, instance_id, execution_id, task_id, name, input, visible_at, dequeue_count)
    VALUES (@hub, @instanceId, @executionId, @taskId, @name, @input, @visibleAt, @dequeueCount)`,
} as const;
