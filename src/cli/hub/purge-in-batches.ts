import type { DurableClient } from '../../client/durable-client';
import type { PurgeFilter } from '../../client/status-query';
import { isDurableErrorWithCode } from '../../model/errors/durable-error';
import { isTerminalStatus, RUNTIME_STATUSES, type RuntimeStatus } from '../../model/runtime-status';

/** Instances purged per page: one page of the status query, each purged in its own transaction. */
export const PURGE_BATCH_SIZE = 500;

/**
 * Purges the finished instances that match `filter` a page at a time, telling `progress` the
 * running count after each page, so a large purge shows it is moving and never holds one long
 * write transaction that would stall the workers sharing the hub.
 */
export async function purgeInBatches(client: DurableClient, filter: PurgeFilter, progress: (purged: number) => void): Promise<number> {
  // 'Canceled' (accepted in filters, as in Durable Functions) matches nothing, so it purges nothing.
  const runtimeStatus = (filter.runtimeStatus ?? RUNTIME_STATUSES).filter((status): status is RuntimeStatus => status !== 'Canceled' && isTerminalStatus(status));
  if (runtimeStatus.length === 0) return 0;
  let purged = 0;
  let continuationToken: string | undefined;
  do {
    const page = await client.getStatusBy({ ...filter, runtimeStatus, pageSize: PURGE_BATCH_SIZE, showInput: false, ...(continuationToken !== undefined ? { continuationToken } : {}) });
    for (const instance of page.instances) purged += await purgeOne(client, instance.instanceId);
    continuationToken = page.continuationToken;
    if (page.instances.length > 0) progress(purged);
  } while (continuationToken !== undefined);
  return purged;
}

async function purgeOne(client: DurableClient, instanceId: string): Promise<number> {
  try {
    return (await client.purgeInstanceHistory(instanceId)).instancesDeleted;
  } catch (error) {
    // Restarted or purged by someone else since the page was read: it is no longer ours to purge.
    if (isDurableErrorWithCode(error, 'INSTANCE_STILL_RUNNING') || isDurableErrorWithCode(error, 'INSTANCE_NOT_FOUND')) return 0;
    throw error;
  }
}
