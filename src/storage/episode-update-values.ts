import type { RuntimeStatus } from '../model/runtime-status';
import type { EpisodeCommit } from './storage-records';

/** What an episode writes on its instance row, as column values both providers bind (null: leave as is). */
export interface EpisodeUpdateValues {
  readonly runtimeStatus: RuntimeStatus;
  readonly output: string | null;
  readonly failureDetails: string | null;
  readonly customStatus: string | null;
  readonly lastUpdatedAt: number;
  readonly completedAt: number | null;
  /** Added to history_length. */
  readonly appended: number;
}

export function episodeUpdateValues(commit: EpisodeCommit): EpisodeUpdateValues {
  const { update } = commit;
  return {
    runtimeStatus: update.runtimeStatus,
    output: update.output ?? null,
    failureDetails: update.failureDetails !== undefined ? JSON.stringify(update.failureDetails) : null,
    customStatus: update.customStatus ?? null,
    lastUpdatedAt: update.lastUpdatedAt,
    completedAt: update.completedAt ?? null,
    appended: commit.newHistory.length,
  };
}
