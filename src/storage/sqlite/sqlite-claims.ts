import type { ActivityWorkItem, ClaimRequest, InstanceClaimRequest, OrchestrationWorkItem } from '../storage-records';
import type { SqliteDatabaseHandle } from './sqlite-database-handle';
import type { OrchestrationStatements } from './sqlite-orchestration-statements';
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
    const ids = orchestrations.selectClaimable.all(query).map((row) => row.instance_id);
    return leaseInstances(orchestrations, hub, { owner, now, expiresAt }, ids).filter((item) => item.messages.length > 0);
  }, { durable: false });
}

/** Claims the named instances whose lease is free, with their visible messages (possibly none). */
export function claimOrchestrationInstances(
  handle: SqliteDatabaseHandle,
  hub: string,
  { owner, now, leaseMs, instanceIds }: InstanceClaimRequest,
): OrchestrationWorkItem[] {
  if (instanceIds.length === 0) return [];
  const lease = { owner, now, expiresAt: now + leaseMs };
  return handle.write('claim orchestration instances', ({ orchestrations }) => leaseInstances(orchestrations, hub, lease, [...new Set(instanceIds)]), {
    durable: false,
  });
}

function leaseInstances(
  orchestrations: OrchestrationStatements,
  hub: string,
  { owner, now, expiresAt }: { owner: string; now: number; expiresAt: number },
  instanceIds: readonly string[],
): OrchestrationWorkItem[] {
  const items: OrchestrationWorkItem[] = [];
  for (const instanceId of instanceIds) {
    const key = { hub, instanceId };
    if (orchestrations.leaseInstance.run({ ...key, owner, now, expiresAt }).changes === 0) continue;
    orchestrations.countVisibleMessages.run({ ...key, now });
    const messages = orchestrations.selectVisibleMessages.all({ ...key, now }).map(toOrchestrationMessage);
    const row = orchestrations.selectInstance.get(key);
    if (row !== undefined) items.push({ instance: toInstanceRecord(row), messages, leaseExpiresAt: expiresAt });
  }
  return items;
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
    const items: ActivityWorkItem[] = [];
    for (const { work_item_id: workItemId } of activities.selectClaimable.all(query)) {
      const key = { hub, workItemId };
      if (activities.leaseActivity.run({ ...key, owner, now, expiresAt }).changes === 0) continue;
      const row = activities.selectActivity.get(key);
      if (row !== undefined) items.push(toActivityWorkItem(row));
    }
    return items;
  }, { durable: false });
}
