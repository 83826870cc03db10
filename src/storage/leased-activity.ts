import type { ActivityWorkItem, NewActivity } from './storage-records';

/**
 * The work item of an activity an episode commit created already leased to its committer
 * (`leaseExpiresAt` set): what a claim of it would have returned, dequeued once.
 */
export function leasedActivityWorkItem(
  execution: { readonly instanceId: string; readonly executionId: string },
  activity: NewActivity & { readonly leaseExpiresAt: number },
  workItemId: number,
): ActivityWorkItem {
  return {
    workItemId,
    instanceId: execution.instanceId,
    executionId: execution.executionId,
    taskId: activity.taskId,
    name: activity.name,
    ...(activity.input !== undefined ? { input: activity.input } : {}),
    ...(activity.timeoutMs !== undefined ? { timeoutMs: activity.timeoutMs } : {}),
    dequeueCount: 1,
    leaseExpiresAt: activity.leaseExpiresAt,
  };
}

/** Whether the committing worker asked to run this activity itself. */
export function isLeasedActivity(activity: NewActivity): activity is NewActivity & { readonly leaseExpiresAt: number } {
  return activity.leaseExpiresAt !== undefined;
}

/** How a provider matches the id it assigned a leased item back to its activity: one instance's task at most once per commit. */
export function leasedActivityKey(instanceId: string, taskId: number): string {
  return `${taskId}:${instanceId}`;
}
