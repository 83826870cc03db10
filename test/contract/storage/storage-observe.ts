import type { StorageChange, StorageProvider } from '../../../src/storage/storage-provider';
import type { EpisodeCommit, EpisodeCommitOutcome } from '../../../src/storage/storage-records';
import { LEASE_MS } from './storage-fixtures';

/**
 * Everything observable about some instances and the queues, without provider-assigned ids (in
 * the order the provider hands work out, so ids still show through their order). Claims
 * everything visible at `now`: call it last.
 */
export async function observeStorage(provider: StorageProvider, ids: readonly string[], now: number): Promise<unknown> {
  return {
    instances: await Promise.all(ids.map((id) => provider.getInstance(id))),
    histories: await Promise.all(ids.map((id) => provider.getHistory(id))),
    inboxes: (await provider.claimOrchestrationWorkItems({ owner: 'observer', now, leaseMs: LEASE_MS, maxItems: 100 })).map((item) => ({
      instanceId: item.instance.instanceId,
      messages: item.messages.map(({ messageId: _id, ...message }) => message),
    })),
    activities: (await provider.claimActivityWorkItems({ owner: 'observer', now, leaseMs: LEASE_MS, maxItems: 100 })).map(
      ({ workItemId: _id, ...item }) => item,
    ),
  };
}

/** How a batch of episodes is handed to the provider: in one call, or one call per episode. */
export type CommitMode = 'batched' | 'one-by-one';

/** Commits `commits` as `mode` says; returns the outcomes in input order. */
export async function commitAs(
  mode: CommitMode,
  provider: StorageProvider,
  owner: string,
  commits: readonly EpisodeCommit[],
  now: number,
): Promise<EpisodeCommitOutcome[]> {
  if (mode === 'batched') return provider.commitOrchestrationEpisodes(owner, commits);
  const outcomes: EpisodeCommitOutcome[] = [];
  for (const commit of commits) outcomes.push(...(await provider.commitOrchestrationEpisodes(owner, [commit])));
  return outcomes;
}

/** Records the distinct changes a provider announces, sorted (so batches and single commits compare). */
export function recordChanges(provider: StorageProvider): () => string[] {
  const seen = new Set<string>();
  provider.onChange((change: StorageChange) => seen.add(JSON.stringify(change)));
  return () => [...seen].sort();
}
