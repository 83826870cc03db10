import { queryFunctionDdl } from './postgres-query-function';
import type { PostgresTables } from './postgres-tables';

/**
 * The server-side function (schema version 7; PL/pgSQL since 8) behind the orchestration claim (postgres-claims.ts):
 * picks instances with visible inbox messages and a free lease (none, or expired at `now`),
 * oldest visible message first, locking them FOR UPDATE SKIP LOCKED so concurrent workers pass
 * over each other's rows instead of waiting; leases them; counts a dequeue on each visible
 * message; returns each instance with its messages. Positional parameters: (hub, now, max
 * items, owner, lease expiry).
 *
 * Why this shape: grouping every visible message of the hub to find each instance's earliest one
 * costs O(backlog) per claim. Instead the claim reads the (hub, visible_at, message_id) index in
 * claim order and keeps the messages that are their instance's head (no earlier message: one
 * probe of the per-instance index), so the first rows it meets are the batch's heads in claim
 * order, and the LIMIT under the row lock stops the scan as soon as the batch is full. A claim
 * reads the batch, plus the messages it passes over: those of leased instances (the ones in
 * flight) and later messages of instances ahead. Its only locks are SKIP LOCKED row locks, which
 * never wait, so the lock order of commits is unchanged.
 *
 * Why a function with planner settings: that walk is only one of the plans PostgreSQL weighs,
 * and on tables it has not analyzed (a new deployment, a burst before autovacuum, a hub missing
 * from the statistics) it expected a handful of rows and chose to read every instance of the hub
 * through a bitmap scan, join each to its messages and sort the lot: 60–170 ms per claim at
 * 10,000 ready instances, where the walk takes a few. Turning off sorts alone is not enough (the
 * planner then rescans a materialized instance list per message); with sorts, hash and merge
 * joins, bitmap and sequential scans and materialization off, the only plan left is the walk:
 * nested loops over index scans, in index order. The settings hold only while the function runs.
 * The instance columns are listed (not `i.*`) so that a column added later cannot change the
 * function's result type behind its declaration. In PL/pgSQL since version 8 (see queryFunctionDdl).
 */
export function claimOrchestrationFunctionDdl(tables: PostgresTables): string {
  return queryFunctionDdl({
    name: claimOrchestrationFunction(tables),
    parameters: 'text, bigint, integer, text, bigint',
    returns: `instance_id text, execution_id text, name text, version text, runtime_status text, input text, output text,
  failure_details text, custom_status text, entity_state text, created_at bigint, last_updated_at bigint, completed_at bigint,
  history_length integer, locked_by text, lock_expires_at bigint, first_visible bigint, first_id bigint, messages json`,
    settings: `SET enable_sort = off SET enable_hashjoin = off SET enable_mergejoin = off
SET enable_bitmapscan = off SET enable_seqscan = off SET enable_material = off`,
    query: `WITH candidates AS (
  SELECT i.instance_id, h.visible_at AS first_visible, h.message_id AS first_id
  FROM ${tables.messages} h
  JOIN ${tables.instances} i ON i.hub = $1 AND i.instance_id = h.instance_id
  WHERE h.hub = $1 AND h.visible_at <= $2
    AND NOT EXISTS (SELECT 1 FROM ${tables.messages} e WHERE e.hub = $1 AND e.instance_id = h.instance_id
      AND (e.visible_at, e.message_id) < (h.visible_at, h.message_id))
    AND (i.locked_by IS NULL OR i.lock_expires_at <= $2)
  ORDER BY h.visible_at, h.message_id
  LIMIT $3
  FOR UPDATE OF i SKIP LOCKED
), leased AS (
  UPDATE ${tables.instances} i SET locked_by = $4, lock_expires_at = $5
  FROM candidates c
  WHERE i.hub = $1 AND i.instance_id = c.instance_id
  RETURNING i.instance_id, i.execution_id, i.name, i.version, i.runtime_status, i.input, i.output, i.failure_details,
    i.custom_status, i.entity_state, i.created_at, i.last_updated_at, i.completed_at, i.history_length, i.locked_by,
    i.lock_expires_at, c.first_visible, c.first_id
), counted AS (
  UPDATE ${tables.messages} m SET dequeue_count = m.dequeue_count + 1
  FROM leased l
  WHERE m.hub = $1 AND m.instance_id = l.instance_id AND m.visible_at <= $2
  RETURNING m.message_id, m.instance_id, m.event, m.visible_at, m.dequeue_count
)
SELECT l.*, COALESCE((
  SELECT json_agg(json_build_object('message_id', c.message_id, 'instance_id', c.instance_id, 'event', c.event,
    'visible_at', c.visible_at, 'dequeue_count', c.dequeue_count) ORDER BY c.message_id)
  FROM counted c WHERE c.instance_id = l.instance_id), '[]'::json) AS messages
FROM leased l`,
  });
}

export function claimOrchestrationFunction(tables: PostgresTables): string {
  return `${tables.schema}.claim_orchestration_items`;
}
