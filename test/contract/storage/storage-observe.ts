import pg from 'pg';
import { PayloadStorageProvider } from '../../../src/storage/payload/payload-storage-provider';
import { PostgresStorageProvider } from '../../../src/storage/postgres/postgres-storage-provider';
import { postgresTables } from '../../../src/storage/postgres/postgres-tables';
import { SqliteStorageProvider } from '../../../src/storage/sqlite/sqlite-storage-provider';
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

/** The history rows of an instance as stored (raw JSON text, joined), to check what is kept where. */
export async function storedHistoryText(provider: StorageProvider, instanceId: string): Promise<string> {
  if (provider instanceof PayloadStorageProvider) return storedHistoryText(provider.inner, instanceId);
  if (provider instanceof SqliteStorageProvider) {
    const rows = provider.database().prepare('SELECT event FROM history WHERE hub = ? AND instance_id = ? ORDER BY seq').all(provider.hubName, instanceId) as { event: string }[];
    return rows.map((row) => row.event).join('\n');
  }
  if (provider instanceof PostgresStorageProvider) {
    const client = new pg.Client(provider.options.poolConfig);
    await client.connect();
    try {
      const rows = await client.query<{ event: string }>(
        `SELECT event FROM ${postgresTables(provider.options.schema).history} WHERE hub = $1 AND instance_id = $2 ORDER BY seq`,
        [provider.hubName, instanceId],
      );
      return rows.rows.map((row) => row.event).join('\n');
    } finally {
      await client.end();
    }
  }
  throw new Error(`No raw history reader for a ${provider.kind} provider.`);
}
