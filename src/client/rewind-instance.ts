import { InstanceNotFailedError } from '../model/errors/instance-not-failed-error';
import { InstanceNotFoundError } from '../model/errors/instance-not-found-error';
import { StorageError } from '../model/errors/storage-error';
import type { StorageProvider } from '../storage/storage-provider';
import { planRewind } from './rewind-plan';
import { newHistoryEvent } from '../model/history-event-factory';

const ATTEMPTS = 5;

/**
 * Rewinds a Failed instance (and the failed sub-orchestrations that made it fail): the failures
 * of its last episode are undone and unfinished work runs again. Retries when a worker is
 * finishing the instance's last messages at the same moment.
 */
export async function rewindInstance(provider: StorageProvider, instanceId: string, reason: string | undefined, now: number): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const record = await provider.getInstance(instanceId);
    if (record === undefined) throw new InstanceNotFoundError(instanceId);
    if (record.runtimeStatus !== 'Failed') throw new InstanceNotFailedError(instanceId, record.runtimeStatus);
    const history = await provider.getHistory(instanceId);
    const plan = planRewind(instanceId, history, now);
    for (const child of plan.failedChildren) {
      const childRecord = await provider.getInstance(child);
      if (childRecord?.runtimeStatus === 'Failed') await rewindInstance(provider, child, reason, now);
    }
    const rewound = await provider.rewindInstance({
      instanceId,
      executionId: record.executionId,
      expectedHistoryLength: record.historyLength,
      history: plan.history,
      activities: plan.activities,
      messages: plan.messages,
      rewoundEvent: newHistoryEvent({ type: 'ExecutionRewound', ...(reason !== undefined ? { reason } : {}) }, new Date(now).toISOString()),
      now,
    });
    if (rewound) return;
  }
  throw new StorageError(`Instance '${instanceId}' kept changing while it was being rewound; try again.`);
}
