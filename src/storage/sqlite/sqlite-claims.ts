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
  return handle.write('claim orchestration work items', ({ orchestrations, claims }) => {
    // Claim order is selectClaimable's; the statements below take the batch as a set. Inside this
    // transaction every claimable instance's lease is free, so the lease takes each of them.
    const ids = orchestrations.selectClaimable.all(query).map((row) => row.instance_id);
    if (ids.length === 0) return [];
    const rows = ids.map((instanceId) => [instanceId]);
    claims.leaseInstances.run({ hub, owner, now, expiresAt }, rows);
    claims.countVisibleMessages.run({ hub, now }, rows);
    const inboxes = new Map<string, MessageRow[]>();
    for (const message of claims.selectVisibleMessages.run({ hub, now }, rows)) {
      const inbox = inboxes.get(message.instance_id);
      if (inbox === undefined) inboxes.set(message.instance_id, [message]);
      else inbox.push(message);
    }
    const instances = new Map(claims.selectInstances.run({ hub }, rows).map((row) => [row.instance_id, row]));
    const items: OrchestrationWorkItem[] = [];
    for (const instanceId of ids) {
      const row = instances.get(instanceId);
      const messages = (inboxes.get(instanceId) ?? []).sort((a, b) => a.message_id - b.message_id).map(toOrchestrationMessage);
      // As a per-instance lease did, take only what this claim leased.
      const leased = row !== undefined && row.locked_by === owner && row.lock_expires_at === expiresAt;
      if (leased && messages.length > 0) items.push({ instance: toInstanceRecord(row), messages, leaseExpiresAt: expiresAt });
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
  return handle.write('claim activity work items', ({ activities }) => {
    // Claim order is selectClaimable's; the statements below take the batch as a set.
    const ids = activities.selectClaimable.all(query).map((row) => row.work_item_id);
    const rows = ids.map((workItemId) => [workItemId]);
    activities.leaseActivities.run({ hub, owner, now, expiresAt }, rows);
    // Inside this transaction every claimable item is free, so each one is now leased to `owner` until `expiresAt`.
    const leased = activities.selectActivities.run({ hub }, rows).filter((row) => row.lock_expires_at === expiresAt);
    const position = new Map(ids.map((id, index) => [id, index]));
    return leased.sort((a, b) => (position.get(a.work_item_id) ?? 0) - (position.get(b.work_item_id) ?? 0)).map(toActivityWorkItem);
  }, { durable: false });
}
