import type { ActivityWorkItem, EpisodeCommit } from '../storage/storage-records';
import type { FunctionCode } from './function-code';

/**
 * The activity dispatcher as episode commits see it: room reserved before a commit for the new
 * activities it will lease to this worker, and the leased work items handed over after it.
 */
export interface LocalActivities {
  /** Reserves up to `wanted` free activity slots; returns how many it reserved. */
  reserve(wanted: number): number;
  /** Releases `reserved` slots and starts the leased items (at most as many as were reserved). */
  run(items: readonly ActivityWorkItem[], reserved: number): void;
}

/**
 * Marks as leased (until `now + leaseMs`) as many of the batch's new activities as this worker has
 * room for and code to run, in order. Activities of an episode that continues as new are left
 * alone (the new execution drops them), and so are ones not due yet.
 */
export function leaseLocalActivities(
  commits: readonly EpisodeCommit[],
  activities: LocalActivities | undefined,
  resolver: FunctionCode,
  now: number,
  leaseMs: number,
): { commits: readonly EpisodeCommit[]; reserved: number } {
  if (activities === undefined) return { commits, reserved: 0 };
  const runnable = (commit: EpisodeCommit): boolean => commit.continueAsNew === undefined && commit.activities.length > 0;
  const wanted = commits.reduce((sum, commit) => sum + (runnable(commit) ? commit.activities.length : 0), 0);
  const reserved = wanted > 0 ? activities.reserve(wanted) : 0;
  if (reserved === 0) return { commits, reserved };
  let left = reserved;
  const leaseExpiresAt = now + leaseMs;
  const leased = commits.map((commit) => {
    if (left === 0 || !runnable(commit)) return commit;
    return {
      ...commit,
      activities: commit.activities.map((activity) => {
        if (left === 0 || activity.visibleAt > now || resolver.activity(activity.name) === undefined) return activity;
        left--;
        return { ...activity, leaseExpiresAt };
      }),
    };
  });
  return { commits: leased, reserved };
}
