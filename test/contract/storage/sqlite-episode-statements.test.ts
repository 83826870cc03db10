import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStorageProvider, type SqliteStorageProvider } from '../../../src/storage/sqlite';
import type { EpisodeCommit } from '../../../src/storage/storage-records';
import { episodeFor, eventRaised, LEASE_MS, newInstance, orchestratorStarted, T0, taskCompleted, taskScheduled } from './storage-fixtures';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs `body` while counting the SQLite statements this process executes (every connection:
 * the statement methods are wrapped on better-sqlite3's prototype, and put back afterwards).
 */
async function countStatements<T>(body: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Method>;
  probe.close();
  const statements: string[] = [];
  const originals = new Map<string, Method>();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = prototype[name];
    if (original === undefined) throw new Error(`better-sqlite3 statements have no ${name}`);
    originals.set(name, original);
    prototype[name] = function (this: unknown, ...args: unknown[]): unknown {
      statements.push((this as { source: string }).source);
      return original.apply(this, args);
    };
  }
  try {
    return { result: await body(), statements };
  } finally {
    for (const [name, original] of originals) prototype[name] = original;
  }
}

const ROWS_PER_STATEMENT = 64;
const statementsFor = (rows: number): number => Math.ceil(rows / ROWS_PER_STATEMENT);

/**
 * An episode batch costs statements per 64 rows of each kind, not per row or per episode: one
 * fenced update of the instance rows, one delete of the consumed messages, and multi-row inserts
 * of history, activity items and messages, between BEGIN and COMMIT. Counts, never time.
 */
describe('sqlite storage: statements per episode batch', () => {
  const opened: SqliteStorageProvider[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  async function open(): Promise<SqliteStorageProvider> {
    const provider = await createSqliteStorageProvider({ path: ':memory:', hubName: 'statements' });
    opened.push(provider);
    return provider;
  }

  /** Claims `size` fresh instances and commits one episode each (4 events, 2 activities of which one leased, 2 messages). */
  async function commitBatch(size: number): Promise<{ provider: SqliteStorageProvider; statements: string[]; commits: EpisodeCommit[] }> {
    const provider = await open();
    const ids = Array.from({ length: size }, (_, i) => `i${String(i).padStart(2, '0')}`);
    for (const id of ids) await provider.createInstance(newInstance(id));
    await provider.createInstance(newInstance('outside', { visibleAt: T0 + 1000 }));
    const items = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: size });
    expect(items).toHaveLength(size);
    const commits = items.map((item, i) =>
      episodeFor(item, {
        newHistory: [orchestratorStarted(), ...item.messages.map((m) => m.event), taskScheduled(0), taskScheduled(1)],
        activities: [
          { taskId: 0, name: 'A0', visibleAt: T0 + 1, leaseExpiresAt: T0 + LEASE_MS },
          { taskId: 1, name: 'A1', visibleAt: T0 + 1 },
        ],
        messages: [
          { instanceId: ids[(i + 1) % size] ?? 'i00', event: eventRaised('next'), visibleAt: T0 + 1 },
          { instanceId: 'outside', event: eventRaised(`from-${item.instance.instanceId}`), visibleAt: T0 + 1 },
        ],
        update: { runtimeStatus: 'Running', customStatus: `"${i}"`, lastUpdatedAt: T0 + 1 },
      }),
    );
    const { result, statements } = await countStatements(() => provider.commitOrchestrationEpisodeBatch('w', commits));
    expect(result.outcomes).toEqual(commits.map(() => 'committed'));
    // Each leased item is its own activity's: after the lease, a claim returns the same (instance, task) under that id.
    const leased = result.leasedActivities.map((a) => [a.workItemId, a.instanceId, a.taskId]);
    expect(leased).toEqual(commits.map((c) => [expect.any(Number), c.instanceId, 0]));
    const reclaimed = await provider.claimActivityWorkItems({ owner: 'a', now: T0 + LEASE_MS, leaseMs: LEASE_MS, maxItems: 1000 });
    expect(reclaimed.filter((a) => a.taskId === 0).map((a) => [a.workItemId, a.instanceId, a.taskId])).toEqual(leased);
    return { provider, statements, commits };
  }

  it.each([1, 5, 40])('commits %i episodes with statements per 64 rows, and writes all of them', async (size) => {
    const { provider, statements } = await commitBatch(size);
    expect(statements).toHaveLength(
      2 + // BEGIN, COMMIT
        statementsFor(size) + // fenced updates
        1 + // consumed messages
        statementsFor(size * 4) + // history
        statementsFor(size * 2) + // activity items
        statementsFor(size * 2), // messages
    );
    expect(statements.filter((sql) => /^\s*(SELECT|INSERT INTO history .* VALUES \(@)/i.test(sql))).toEqual([]);

    const last = `i${String(size - 1).padStart(2, '0')}`;
    expect(await provider.getHistory(last)).toEqual([orchestratorStarted(), expect.objectContaining({ type: 'ExecutionStarted' }), taskScheduled(0), taskScheduled(1)]);
    expect(await provider.getInstance(last)).toMatchObject({ customStatus: `"${size - 1}"`, historyLength: 4, runtimeStatus: 'Running' });
    const inboxes = await provider.claimOrchestrationWorkItems({ owner: 'w2', now: T0 + 1000, leaseMs: LEASE_MS, maxItems: 100 });
    expect(inboxes).toHaveLength(size + 1);
    for (const item of inboxes) {
      const names = item.messages.map((m) => (m.event.type === 'EventRaised' ? m.event.name : m.event.type));
      // The messages keep the batch's order: 'outside' got them from i00 on.
      const expected = Array.from({ length: size }, (_, i) => `from-i${String(i).padStart(2, '0')}`);
      expect(names).toEqual(item.instance.instanceId === 'outside' ? ['ExecutionStarted', ...expected] : ['next']);
    }
  });

  /** Starts `instanceId` and commits a first episode that schedules task 0 leased to worker 'w'; returns the item's id. */
  async function startLeased(provider: SqliteStorageProvider, instanceId: string): Promise<number> {
    await provider.createInstance(newInstance(instanceId));
    const [item] = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
    if (item === undefined) throw new Error('nothing claimed');
    const { leasedActivities } = await provider.commitOrchestrationEpisodeBatch('w', [
      episodeFor(item, { activities: [{ taskId: 0, name: 'A0', visibleAt: T0, leaseExpiresAt: T0 + LEASE_MS }] }),
    ]);
    const id = leasedActivities[0]?.workItemId;
    if (id === undefined) throw new Error('no leased activity');
    return id;
  }

  /** The unclaimed episode that records the result of `workItemId` for `instanceId`. */
  async function resultEpisode(provider: SqliteStorageProvider, instanceId: string, workItemId: number, at: number): Promise<EpisodeCommit> {
    const instance = await provider.getInstance(instanceId);
    if (instance === undefined) throw new Error('no instance');
    return episodeFor({ instance, messages: [], leaseExpiresAt: 0 }, { newHistory: [orchestratorStarted(at), taskCompleted(0)], completedActivityIds: [workItemId], leaseFreeAt: at });
  }

  it('fences each episode of one update on its own: the one whose result another worker took writes nothing', async () => {
    const provider = await open();
    const ids: number[] = [];
    for (const id of ['a', 'b', 'c']) ids.push(await startLeased(provider, id));
    // The leases ran out, and another worker took a's item over.
    const taken = await provider.claimActivityWorkItems({ owner: 'other', now: T0 + LEASE_MS, leaseMs: LEASE_MS, maxItems: 1 });
    expect(taken.map((a) => a.instanceId)).toEqual(['a']);
    const commits = await Promise.all(['a', 'b', 'c'].map(async (id, i) => resultEpisode(provider, id, ids[i] ?? -1, T0 + LEASE_MS)));
    const { result, statements } = await countStatements(() => provider.commitOrchestrationEpisodes('w', commits));
    expect(result).toEqual(['lease-lost', 'committed', 'committed']);
    expect(statements.filter((sql) => sql.includes('UPDATE instances'))).toHaveLength(1);
    expect(await provider.getHistory('a')).toHaveLength(2);
    expect(await provider.getInstance('b')).toMatchObject({ historyLength: 4 });
    // a's item is still the other worker's, whose result is accepted once.
    expect(await provider.completeActivityWorkItems([{ workItemId: ids[0] ?? -1, instanceId: 'a', event: taskCompleted(0) }], T0 + LEASE_MS + 1)).toBe(1);
    expect(await provider.completeActivityWorkItems([{ workItemId: ids[1] ?? -1, instanceId: 'b', event: taskCompleted(0) }], T0 + LEASE_MS + 1)).toBe(0);
  });

  it('records a result once when two episodes of a batch name its work item: the second is lease-lost', async () => {
    const provider = await open();
    const first = await startLeased(provider, 'a');
    await startLeased(provider, 'b');
    const commits = [await resultEpisode(provider, 'a', first, T0 + 1), await resultEpisode(provider, 'b', first, T0 + 1)];
    expect(await provider.commitOrchestrationEpisodes('w', commits)).toEqual(['committed', 'lease-lost']);
    expect(await provider.getInstance('a')).toMatchObject({ historyLength: 4 });
    expect(await provider.getInstance('b')).toMatchObject({ historyLength: 2 });
  });

  it('records queued activity results in statements per batch, in order, and the first result for an item wins', async () => {
    const provider = await open();
    await provider.createInstance(newInstance('r'));
    const [item] = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
    if (item === undefined) throw new Error('nothing claimed');
    await provider.commitOrchestrationEpisodes('w', [episodeFor(item, { activities: [0, 1, 2].map((taskId) => ({ taskId, name: `A${taskId}`, visibleAt: T0 })) })]);
    const queued = await provider.claimActivityWorkItems({ owner: 'a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
    const results = [...queued].reverse().map((a) => ({ workItemId: a.workItemId, instanceId: 'r', event: taskCompleted(a.taskId) }));
    const repeated = { workItemId: queued[0]?.workItemId ?? -1, instanceId: 'r', event: taskCompleted(99) };
    const { result, statements } = await countStatements(() => provider.completeActivityWorkItems([...results, repeated], T0 + 2));
    expect(result).toBe(3);
    expect(statements).toHaveLength(4); // BEGIN, the delete, the inserts, COMMIT
    const [inbox] = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 1 });
    expect(inbox?.messages.map((m) => (m.event.type === 'TaskCompleted' ? m.event.taskScheduledId : -1))).toEqual([2, 1, 0]);
  });
});
