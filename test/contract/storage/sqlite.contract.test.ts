import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import { StorageError } from '../../../src/model/errors/storage-error';
import { createSqliteStorageProvider, SqliteStorageProvider } from '../../../src/storage/sqlite';
import { describeStorageProviderContract } from './storage-provider.contract';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, startWithActivity, T0, taskCompleted } from './storage-fixtures';
import { SQLITE_SCHEMA_VERSION } from '../../../src/storage/sqlite/sqlite-schema';

const directory = mkdtempSync(join(tmpdir(), 'durable-ts-sqlite-contract-'));
let fileCounter = 0;
const freshPath = (): string => join(directory, `store-${++fileCounter}.db`);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describeStorageProviderContract('sqlite', () => createSqliteStorageProvider({ path: freshPath(), hubName: 'contract' }));

describe('sqlite storage: SQLite specifics', () => {
  it('opens in WAL mode with synchronous=FULL by default', async () => {
    const provider = await createSqliteStorageProvider({ path: freshPath(), hubName: 'h' });
    try {
      const db = provider.database();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      await provider.close();
    }
  });

  it('uses synchronous=NORMAL when asked', async () => {
    const provider = await createSqliteStorageProvider({ path: freshPath(), hubName: 'h', synchronous: 'normal' });
    try {
      expect(provider.database().pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      await provider.close();
    }
  });

  it('creates a missing parent directory and works in memory', async () => {
    const nested = await createSqliteStorageProvider({ path: join(directory, 'a', 'b', 'store.db'), hubName: 'h' });
    const memory = await createSqliteStorageProvider({ path: ':memory:', hubName: 'h' });
    try {
      for (const provider of [nested, memory]) {
        await provider.createInstance(newInstance('i1'));
        expect(await provider.getInstance('i1')).toMatchObject({ runtimeStatus: 'Pending' });
      }
    } finally {
      await nested.close();
      await memory.close();
    }
  });

  it('keeps two hubs in one file apart', async () => {
    const path = freshPath();
    const red = await createSqliteStorageProvider({ path, hubName: 'red' });
    const blue = await createSqliteStorageProvider({ path, hubName: 'blue' });
    try {
      await red.createInstance(newInstance('shared-id', { input: '"red"' }));
      expect(await blue.getInstance('shared-id')).toBeUndefined();
      expect(await blue.claimOrchestrationWorkItems({ owner: 'b', now: T0, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await blue.nextVisibleAt('orchestration', T0 - 1)).toBeUndefined();

      await blue.createInstance(newInstance('shared-id', { input: '"blue"' }));
      const redItem = await claimOne(red, 'r', T0);
      await red.commitOrchestrationEpisodes('r', [episodeFor(redItem, { activities: [{ taskId: 0, name: 'A', visibleAt: T0 }] })]);
      expect(await blue.getHistory('shared-id')).toEqual([]);
      expect(await blue.claimActivityWorkItems({ owner: 'b', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await blue.getInstance('shared-id')).toMatchObject({ input: '"blue"', runtimeStatus: 'Pending' });
      expect(await red.getInstance('shared-id')).toMatchObject({ input: '"red"', runtimeStatus: 'Running' });
    } finally {
      await red.close();
      await blue.close();
    }
  });

  it('emits changes only after the transaction committed (another connection already sees the row)', async () => {
    const path = freshPath();
    const writer = await createSqliteStorageProvider({ path, hubName: 'h' });
    const reader = await createSqliteStorageProvider({ path, hubName: 'h' });
    try {
      const seenByReader: Promise<unknown>[] = [];
      writer.onChange(() => seenByReader.push(reader.getInstance('i1')));
      await writer.createInstance(newInstance('i1'));
      expect(seenByReader.length).toBeGreaterThan(0);
      for (const seen of await Promise.all(seenByReader)) expect(seen).toMatchObject({ instanceId: 'i1' });
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('reopens an existing file with its data and the schema intact (initialize is idempotent)', async () => {
    const path = freshPath();
    const first = await createSqliteStorageProvider({ path, hubName: 'h' });
    await first.createInstance(newInstance('i1'));
    await first.initialize();
    await first.close();
    const second = await createSqliteStorageProvider({ path, hubName: 'h' });
    try {
      expect(await second.getInstance('i1')).toMatchObject({ instanceId: 'i1' });
    } finally {
      await second.close();
    }
  });

  it('upgrades a version 4 file in place: work items queued before keep working, and new ones keep their time limit', async () => {
    const path = freshPath();
    const before = await createSqliteStorageProvider({ path, hubName: 'h' });
    await startWithActivity(before, 'queued-before');
    // What a version 4 file looked like: no timeout_ms column.
    before.database().exec('ALTER TABLE activity_items DROP COLUMN timeout_ms');
    before.database().pragma('user_version = 4');
    await before.close();

    const after = await createSqliteStorageProvider({ path, hubName: 'h' });
    try {
      expect(after.database().pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      await startWithActivity(after, 'queued-after', 2500);
      const items = await after.claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 });
      expect(items.map((i) => [i.instanceId, i.timeoutMs])).toEqual([
        ['queued-before', undefined],
        ['queued-after', 2500],
      ]);
    } finally {
      await after.close();
    }
  });

  it('upgrades a version 5 file in place: history keyed by instance id is rekeyed by creation time, and episodes go on appending to it', async () => {
    const path = freshPath();
    const before = await createSqliteStorageProvider({ path, hubName: 'h' });
    await startWithActivity(before, 'started-before');
    const historyBefore = await before.getHistory('started-before');
    // What a version 5 file looked like: history keyed by (hub, instance_id, seq).
    before.database().exec(`
      CREATE TABLE history_v5 (hub TEXT NOT NULL, instance_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (hub, instance_id, seq));
      INSERT INTO history_v5 SELECT hub, instance_id, seq, event FROM history;
      DROP TABLE history;
      ALTER TABLE history_v5 RENAME TO history;`);
    before.database().pragma('user_version = 5');
    await before.close();

    const after = await createSqliteStorageProvider({ path, hubName: 'h' });
    try {
      expect(after.database().pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      expect(historyBefore).toHaveLength(3);
      expect(await after.getHistory('started-before')).toEqual(historyBefore);
      const [activity] = await after.claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
      expect(activity?.instanceId).toBe('started-before');
      await after.completeActivityWorkItems([{ workItemId: activity?.workItemId ?? -1, instanceId: 'started-before', event: taskCompleted(1) }], T0);
      const item = await claimOne(after, 'w', T0);
      const [outcome] = await after.commitOrchestrationEpisodes('w', [episodeFor(item)]);
      expect(outcome).toBe('committed');
      expect((await after.getHistory('started-before')).map((e) => e.type)).toEqual([...historyBefore.map((e) => e.type), 'OrchestratorStarted', 'TaskCompleted']);
      const columns = after.database().prepare<[], { name: string; pk: number }>('PRAGMA table_info(history)').all();
      expect(columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name)).toEqual(['hub', 'instance_created_at', 'instance_id', 'seq']);
    } finally {
      await after.close();
    }
  });

  it("binds an in-memory database to another hub on the same connection, and closes the binding with it", async () => {
    const provider = await createSqliteStorageProvider({ path: ':memory:', hubName: 'Own' });
    const other = provider.forHub('Other');
    await other.createInstance(newInstance('in-other'));
    expect(await provider.listHubs()).toEqual(['Other']);
    expect(await provider.getInstance('in-other')).toBeUndefined();
    await provider.close();
    await expect(other.getInstance('in-other')).rejects.toThrow(/closed/);
  });

  it('gives a StorageError naming the path when the file is not a database', async () => {
    const path = join(directory, 'not-a-database.db');
    writeFileSync(path, 'this is plainly not an SQLite file, just some text that is long enough to be read '.repeat(20));
    const error: unknown = await createSqliteStorageProvider({ path, hubName: 'h' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(isDurableErrorWithCode(error, 'STORAGE_FAILURE')).toBe(true);
    expect((error as StorageError).message).toContain(path);
    expect((error as StorageError).cause).toBeDefined();
  });

  it('fails every caller of a batch the storage refused as a whole with StorageError, writing nothing', async () => {
    const provider = await createSqliteStorageProvider({ path: freshPath(), hubName: 'h' });
    try {
      provider.database().pragma('query_only = ON');
      const results = await Promise.allSettled([
        provider.createInstance(newInstance('a')),
        provider.createInstance(newInstance('b')),
        provider.sendToEntity('@counter@k', eventRaised('add'), T0),
        provider.createInstance(newInstance('c')),
      ]);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        expect(isDurableErrorWithCode(result.status === 'rejected' ? result.reason : undefined, 'STORAGE_FAILURE')).toBe(true);
      }
      provider.database().pragma('query_only = OFF');
      for (const id of ['a', 'b', 'c', '@counter@k']) expect(await provider.getInstance(id)).toBeUndefined();
    } finally {
      await provider.close();
    }
  });

  it('throws StorageError for any use after close', async () => {
    const provider = new SqliteStorageProvider({ path: freshPath(), hubName: 'h' });
    await provider.initialize();
    await provider.close();
    await expect(provider.getInstance('i1')).rejects.toBeInstanceOf(StorageError);
    await expect(provider.createInstance(newInstance('i1'))).rejects.toBeInstanceOf(StorageError);
    await expect(provider.initialize()).rejects.toBeInstanceOf(StorageError);
    await expect(provider.close()).resolves.toBeUndefined();
  });

  it('refuses invalid options with a ConfigurationError', () => {
    expect(() => new SqliteStorageProvider({ path: freshPath(), hubName: '' })).toThrow(/hubName/);
  });
});
