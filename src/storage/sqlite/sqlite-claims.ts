import type { ActivityWorkItem, ClaimRequest, OrchestrationWorkItem } from '../storage-records';
import type { SqliteDatabaseHandle } from './sqlite-database-handle';
import { toActivityWorkItem, toInstanceRecord, toOrchestrationMessage } from './sqlite-rows';

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
    const items: OrchestrationWorkItem[] = [];
    for (const { instance_id: instanceId } of orchestrations.selectClaimable.all(query)) {
      const key = { hub, instanceId };
      if (orchestrations.leaseInstance.run({ ...key, owner, now, expiresAt }).changes === 0) continue;
      orchestrations.countVisibleMessages.run({ ...key, now });
      const messages = orchestrations.selectVisibleMessages.all({ ...key, now }).map(toOrchestrationMessage);
      const row = orchestrations.selectInstance.get(key);
      if (row === undefined || messages.length === 0) continue;
      items.push({ instance: toInstanceRecord(row), messages, leaseExpiresAt: expiresAt });
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
