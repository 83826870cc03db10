import type { ChangeSet } from '../change-notifier';
import type { ClaimRequest, OrchestrationWorkItem } from '../storage-records';
import { toInstanceRecord, toNumber, toOrchestrationMessage, type InstanceRow, type Int8, type MessageRow } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

interface ClaimedInstanceRow extends InstanceRow {
  readonly first_visible: Int8;
  readonly first_id: Int8;
  /** The instance's visible messages, as `json_agg` returns them (numbers, not text). */
  readonly messages: MessageRow[];
}

/**
 * One statement (so one transaction, one round trip): picks instances with visible inbox messages
 * and a free lease (none, or expired at `now`), oldest visible message first, locking them
 * FOR UPDATE SKIP LOCKED so concurrent workers pass over each other's rows instead of waiting;
 * leases them; counts a dequeue on each visible message; returns each instance with its messages.
 *
 * Why this shape: grouping every visible message of the hub to find each instance's earliest one
 * costs O(backlog) per claim (159 ms at 100,000 ready instances). Instead the claim reads the
 * (hub, visible_at, message_id) index in claim order and keeps the messages that are their
 * instance's head (no earlier message: one probe of the per-instance index), so the first rows it
 * meets are the batch's heads in claim order, and the LIMIT under the row lock stops the scan as
 * soon as the batch is full. A claim reads the batch, plus the messages it passes over: those of
 * leased instances (the ones in flight) and later messages of instances ahead. It writes nothing
 * new, so the lock order of commits is unchanged: its only locks are SKIP LOCKED row locks, which
 * never wait.
 */
/**
 * The hub, as a value the planner cannot look up in its statistics. Why: a hub created after the
 * last ANALYZE is absent from them, so `hub = 'NewHub'` is estimated at about one row; the planner
 * then picks nested loops that rescan the whole hub for every message (a claim took 56 s at
 * 100,000 ready instances). Hidden behind a sub-select, the hub is estimated at an average hub's
 * size, and the claim keeps its index plan whatever the statistics say.
 */
const HUB = '(SELECT $1::text)';

function claimOrchestrationSql(tables: PostgresTables): string {
  return `
WITH candidates AS (
  SELECT i.instance_id, h.visible_at AS first_visible, h.message_id AS first_id
  FROM ${tables.messages} h
  JOIN ${tables.instances} i ON i.hub = ${HUB} AND i.instance_id = h.instance_id
  WHERE h.hub = ${HUB} AND h.visible_at <= $2
    AND NOT EXISTS (SELECT 1 FROM ${tables.messages} e WHERE e.hub = ${HUB} AND e.instance_id = h.instance_id
      AND (e.visible_at, e.message_id) < (h.visible_at, h.message_id))
    AND (i.locked_by IS NULL OR i.lock_expires_at <= $2)
  ORDER BY h.visible_at, h.message_id
  LIMIT $3
  FOR UPDATE OF i SKIP LOCKED
), leased AS (
  UPDATE ${tables.instances} i SET locked_by = $4, lock_expires_at = $5
  FROM candidates c
  WHERE i.hub = ${HUB} AND i.instance_id = c.instance_id
  RETURNING i.*, c.first_visible, c.first_id
), counted AS (
  UPDATE ${tables.messages} m SET dequeue_count = m.dequeue_count + 1
  FROM leased l
  WHERE m.hub = ${HUB} AND m.instance_id = l.instance_id AND m.visible_at <= $2
  RETURNING m.message_id, m.instance_id, m.event, m.visible_at, m.dequeue_count
)
SELECT l.*, COALESCE((
  SELECT json_agg(json_build_object('message_id', c.message_id, 'instance_id', c.instance_id, 'event', c.event,
    'visible_at', c.visible_at, 'dequeue_count', c.dequeue_count) ORDER BY c.message_id)
  FROM counted c WHERE c.instance_id = l.instance_id), '[]'::json) AS messages
FROM leased l`;
}

/**
 * Claims instances (see claimOrchestrationSql). An instance can be leased with no message left:
 * the statement saw its messages, but another worker consumed them (claimed, ran and committed
 * the instance) before this statement locked the row. Such leases are released at once, and any
 * message that arrived meanwhile is announced, instead of the instance waiting out a lease that
 * nobody works on. The release is a second statement: if it never runs, the lease just expires.
 */
export async function claimOrchestrationWorkItems(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  { owner, now, leaseMs, maxItems }: ClaimRequest,
  changes: ChangeSet,
): Promise<OrchestrationWorkItem[]> {
  if (maxItems <= 0) return [];
  const expiresAt = now + leaseMs;
  const result = await db.query<ClaimedInstanceRow>(claimOrchestrationSql(tables), [hub, now, maxItems, owner, expiresAt]);
  const empty = result.rows.filter((row) => row.messages.length === 0).map((row) => row.instance_id);
  if (empty.length > 0) {
    await db.query(
      `UPDATE ${tables.instances} SET locked_by = NULL, lock_expires_at = NULL
       WHERE hub = $1 AND instance_id = ANY($2::text[]) AND locked_by = $3 AND lock_expires_at = $4`,
      [hub, empty, owner, expiresAt],
    );
    changes.addWork('orchestration');
  }
  return [...result.rows]
    .sort((a, b) => toNumber(a.first_visible) - toNumber(b.first_visible) || toNumber(a.first_id) - toNumber(b.first_id))
    .filter((row) => row.messages.length > 0)
    .map((row) => ({
      instance: toInstanceRecord(row),
      messages: row.messages.map(toOrchestrationMessage),
      leaseExpiresAt: expiresAt,
    }));
}
