import type { ActivityWorkItem, ClaimRequest, OrchestrationWorkItem } from '../storage-records';
import type { SqliteDatabaseHandle } from './sqlite-database-handle';
import { toActivityWorkItem, toInstanceRecord, toOrchestrationMessage, type MessageRow } from './sqlite-rows';

/**
 * Claims instances with visible inbox messages and a free lease (none, or expired at `now`),
 * oldest visible message first. A read-only look comes first so that idle polling never takes
 * the write lock; the claim itself re-selects inside the immediate transaction.
 */
export function claimOrchestrationWorkItems(
  handle: SqliteDatabaseHandle,
  hub: string,
  { owner, now, leaseMs, maxItems }: ClaimRequest,
): OrchestrationWorkItem[] {
  if (maxItems <= 0) return [];
  const query = { hub, now, limit: maxItems };
  const candidates = handle.read('look for orchestration work', ({ orchestrations }) => orchestrations.selectClaimable.all(query));
  if (candidates.length === 0) return [];
  const expiresAt = now + leaseMs;
  return handle.write('claim orchestration work items', ({ orchestrations }) => {
    const rows = orchestrations.leaseClaimable.all({ ...query, owner, expiresAt });
    if (rows.length === 0) return [];
    rows.sort((a, b) => a.ready_at - b.ready_at || a.ready_id - b.ready_id);
    const instanceIds = JSON.stringify(rows.map((row) => row.instance_id));
    const inboxes = new Map<string, MessageRow[]>();
    for (const message of orchestrations.dequeueVisibleMessages.all({ hub, now, instanceIds })) {
      const inbox = inboxes.get(message.instance_id);
      if (inbox === undefined) inboxes.set(message.instance_id, [message]);
      else inbox.push(message);
    }
    const items: OrchestrationWorkItem[] = [];
    for (const row of rows) {
      const messages = (inboxes.get(row.instance_id) ?? []).sort((a, b) => a.message_id - b.message_id).map(toOrchestrationMessage);
      if (messages.length > 0) items.push({ instance: toInstanceRecord(row), messages, leaseExpiresAt: expiresAt });
    }
    return items;
  }, { durable: false });
}

/** Claims visible activity work items with a free lease, in creation order. */
export function claimActivityWorkItems(
  handle: SqliteDatabaseHandle,
  hub: string,
  { owner, now, leaseMs, maxItems }: ClaimRequest,
): ActivityWorkItem[] {
  if (maxItems <= 0) return [];
  const query = { hub, now, limit: maxItems };
  const candidates = handle.read('look for activity work', ({ activities }) => activities.selectClaimable.all(query));
  if (candidates.length === 0) return [];
  const expiresAt = now + leaseMs;
  return handle.write('claim activity work items', ({ activities }) =>
    activities.leaseClaimable
      .all({ ...query, owner, expiresAt })
      .sort((a, b) => a.visible_at - b.visible_at || a.work_item_id - b.work_item_id)
      .map(toActivityWorkItem),
  { durable: false });
}
