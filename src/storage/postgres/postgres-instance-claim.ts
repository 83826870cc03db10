import type { InstanceClaimRequest, OrchestrationWorkItem } from '../storage-records';
import { toInstanceRecord, toOrchestrationMessage, type InstanceRow, type MessageRow } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

interface ClaimedRow extends InstanceRow {
  /** The instance's visible messages, as `json_agg` returns them. */
  readonly messages: MessageRow[];
}

function claimInstancesSql(tables: PostgresTables): string {
  return `
WITH candidates AS (
  SELECT instance_id FROM ${tables.instances}
  WHERE hub = (SELECT $1::text) AND instance_id = ANY($2::text[]) AND (locked_by IS NULL OR lock_expires_at <= $3)
  ORDER BY instance_id
  FOR UPDATE SKIP LOCKED
), leased AS (
  UPDATE ${tables.instances} i SET locked_by = $4, lock_expires_at = $5
  FROM candidates c
  WHERE i.hub = (SELECT $1::text) AND i.instance_id = c.instance_id
  RETURNING i.*
), counted AS (
  UPDATE ${tables.messages} m SET dequeue_count = m.dequeue_count + 1
  FROM leased l
  WHERE m.hub = (SELECT $1::text) AND m.instance_id = l.instance_id AND m.visible_at <= $3
  RETURNING m.message_id, m.instance_id, m.event, m.visible_at, m.dequeue_count
)
SELECT l.*, COALESCE((
  SELECT json_agg(json_build_object('message_id', c.message_id, 'instance_id', c.instance_id, 'event', c.event,
    'visible_at', c.visible_at, 'dequeue_count', c.dequeue_count) ORDER BY c.message_id)
  FROM counted c WHERE c.instance_id = l.instance_id), '[]'::json) AS messages
FROM leased l`;
}

/**
 * One statement: leases the named instances whose lease is free and returns them with their
 * visible messages, counting a dequeue on each. Rows another transaction has locked (being
 * committed or claimed) are skipped rather than waited for, and so are ids that do not exist:
 * the caller takes its other path for those.
 */
export async function claimOrchestrationInstances(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  { owner, now, leaseMs, instanceIds }: InstanceClaimRequest,
): Promise<OrchestrationWorkItem[]> {
  if (instanceIds.length === 0) return [];
  const expiresAt = now + leaseMs;
  const result = await db.query<ClaimedRow>(claimInstancesSql(tables), [hub, [...new Set(instanceIds)], now, owner, expiresAt]);
  return result.rows.map((row) => ({
    instance: toInstanceRecord(row),
    messages: row.messages.map(toOrchestrationMessage),
    leaseExpiresAt: expiresAt,
  }));
}
