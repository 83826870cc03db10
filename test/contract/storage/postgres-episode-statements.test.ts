import type pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { ChangeSet } from '../../../src/storage/change-notifier';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { applyEpisodeCommits } from '../../../src/storage/postgres/postgres-episode-commit';
import { commitEpisodesInOneStatement } from '../../../src/storage/postgres/postgres-episode-one-statement';
import { postgresTables, type Queryable } from '../../../src/storage/postgres/postgres-tables';
import type { EpisodeCommit, EpisodeCommitOutcome } from '../../../src/storage/storage-records';
import { describeIfPostgres } from '../../support/postgres';
import { openTestProvider, TEST_SCHEMA, usePostgresTestHubs } from './postgres-test-setup';
import { episodeFor, eventRaised, LEASE_MS, newInstance, orchestratorStarted, T0, taskScheduled } from './storage-fixtures';

/**
 * An episode commit costs a fixed number of SQL statements per batch, whatever the number of
 * episodes in it (for episodes without child starts or continue-as-new), and such a batch also
 * commits as one self-committing statement. Counted on the connection the commit runs on
 * (between BEGIN and COMMIT for the transaction).
 */
describeIfPostgres('postgres storage: statements per episode commit', () => {
  const { admin, freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  /** Claims `size` fresh instances and commits one episode for each in one batch; returns the statements it ran. */
  async function commitBatch(size: number, path: 'transaction' | 'one statement'): Promise<{ statements: string[]; outcomes: readonly EpisodeCommitOutcome[]; provider: PostgresStorageProvider }> {
    const hub = freshHub();
    const provider = await openTestProvider(hub);
    opened.push(provider);
    const ids = Array.from({ length: size }, (_, i) => `i${String(i).padStart(2, '0')}`);
    for (const id of ids) await provider.createInstance(newInstance(id));
    await provider.createInstance(newInstance('outside', { visibleAt: T0 + 1000 }));
    const items = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: size });
    expect(items).toHaveLength(size);
    const commits: EpisodeCommit[] = items.map((item, i) =>
      episodeFor(item, {
        newHistory: [orchestratorStarted(), ...item.messages.map((m) => m.event), taskScheduled(0), taskScheduled(1)],
        activities: [0, 1].map((taskId) => ({ taskId, name: `A${taskId}`, visibleAt: T0 + 1 })),
        messages: [
          { instanceId: ids[(i + 1) % size] ?? 'i00', event: eventRaised('next'), visibleAt: T0 + 1 },
          { instanceId: 'outside', event: eventRaised(`from-${item.instance.instanceId}`), visibleAt: T0 + 1 },
        ],
        update: { runtimeStatus: 'Running', customStatus: `"${i}"`, lastUpdatedAt: T0 + 1 },
      }),
    );

    const client = await admin().connect();
    const statements: string[] = [];
    const counting: Queryable = {
      query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> => {
        statements.push(text);
        return client.query<R>(text, values);
      },
    };
    const tables = postgresTables(TEST_SCHEMA);
    if (path === 'one statement') {
      const notices = (): { channel: string; payloads: string[] } => ({ channel: 'unheard', payloads: ['hint'] });
      const { outcomes } = await commitEpisodesInOneStatement(counting, tables, hub, 'w', commits, notices, new ChangeSet()).finally(() => client.release());
      return { statements, outcomes, provider };
    }
    try {
      await client.query('BEGIN');
      const { outcomes } = await applyEpisodeCommits(counting, tables, hub, 'w', commits, new ChangeSet());
      await client.query('COMMIT');
      return { statements, outcomes, provider };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  // The transaction: lock, delete consumed messages, history, instance rows, activity items,
  // messages. One statement: all of it (and the NOTIFY), one round trip and no BEGIN/COMMIT.
  it.each([
    { path: 'transaction' as const, statements: 6 },
    { path: 'one statement' as const, statements: 1 },
  ])('runs as many statements for 32 episodes as for one ($path: $statements), and writes all of them', async ({ path, statements }) => {
    const one = await commitBatch(1, path);
    const many = await commitBatch(32, path);
    expect(one.outcomes).toEqual(['committed']);
    expect(many.outcomes).toEqual(Array.from({ length: 32 }, () => 'committed'));
    expect(one.statements).toHaveLength(statements);
    expect(many.statements).toHaveLength(one.statements.length);

    const { provider } = many;
    expect(await provider.getHistory('i31')).toHaveLength(4);
    expect(await provider.getInstance('i17')).toMatchObject({ customStatus: '"17"', historyLength: 4, runtimeStatus: 'Running' });
    expect(await provider.claimActivityWorkItems({ owner: 'a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 100 })).toHaveLength(64);
    const inboxes = await provider.claimOrchestrationWorkItems({ owner: 'w2', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 100 });
    expect(inboxes).toHaveLength(33);
    for (const item of inboxes) {
      const names = item.messages.map((m) => (m.event.type === 'EventRaised' ? m.event.name : m.event.type));
      // The messages of the batch keep its order: 'outside' got them from i00 to i31.
      expect(names).toEqual(item.instance.instanceId === 'outside' ? Array.from({ length: 32 }, (_, i) => `from-i${String(i).padStart(2, '0')}`) : ['next']);
    }
  });
});
