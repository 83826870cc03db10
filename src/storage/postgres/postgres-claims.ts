import type { ChangeSet } from '../change-notifier';
import type { ClaimRequest, OrchestrationWorkItem } from '../storage-records';
import { toInstanceRecord, toNumber, toOrchestrationMessage, type InstanceRow, type Int8, type MessageRow } from './postgres-rows';
import { claimOrchestrationFunction } from './postgres-orchestration-claim-function';
import type { PostgresTables, Queryable } from './postgres-tables';

interface ClaimedInstanceRow extends InstanceRow {
  readonly first_visible: Int8;
  readonly first_id: Int8;
  /** The instance's visible messages, as `json_agg` returns them (numbers, not text). */
  readonly messages: MessageRow[];
}

/**
 * Claims instances in one statement (so one transaction, one round trip): the server-side
 * function of postgres-orchestration-claim-function.ts. An instance can be leased with no message left:
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
  const result = await db.query<ClaimedInstanceRow>(`SELECT * FROM ${claimOrchestrationFunction(tables)}($1, $2, $3, $4, $5)`, [
    hub,
    now,
    maxItems,
    owner,
    expiresAt,
  ]);
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
