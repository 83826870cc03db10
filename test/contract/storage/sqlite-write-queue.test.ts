import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import { SqliteStorageProvider } from '../../../src/storage/sqlite';
import { claimOne, episodeFor, eventRaised, newInstance, T0 } from './storage-fixtures';

const directory = mkdtempSync(join(tmpdir(), 'durable-ts-sqlite-queue-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/**
 * Every durable write of a SQLite connection goes through one group-commit queue: writes of
 * different kinds issued together share a transaction, and one that fails is rolled back alone.
 */
describe('sqlite storage: one group-commit queue for durable writes', () => {
  it('commits an episode, starts and a raise issued together in one transaction, refusing only the taken start', async () => {
    const provider = new SqliteStorageProvider({ path: join(directory, 'mixed.db'), hubName: 'h' });
    await provider.initialize();
    try {
      await provider.createInstance(newInstance('episode'));
      const item = await claimOne(provider, 'w', T0);
      const other = 'listener';
      await provider.createInstance(newInstance(other));
      // Let the queue go idle (it pauses until the end of the turn after each transaction).
      await new Promise<void>((resolve) => setImmediate(resolve));
      const before = provider.stats().commits;
      // The first write of the turn is written at once; the ones issued while it runs join the next transaction.
      const results = await Promise.allSettled([
        provider.createInstance(newInstance('opening')),
        provider.commitOrchestrationEpisodeBatch('w', [episodeFor(item)]),
        provider.createInstance(newInstance('fresh')),
        provider.createInstance(newInstance(other, { executionId: 'taken-again' })),
        provider.sendToInstance(other, eventRaised('go'), T0),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      const refused = results[3]?.status === 'rejected' ? (results[3].reason as unknown) : undefined;
      expect(isDurableErrorWithCode(refused, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      expect(provider.stats().commits - before).toBe(2);
      const batch = results[1]?.status === 'fulfilled' ? results[1].value : undefined;
      expect(batch?.outcomes).toEqual(['committed']);
      expect(await provider.getInstance('episode')).toMatchObject({ runtimeStatus: 'Running', historyLength: 2 });
      expect(await provider.getInstance('fresh')).toMatchObject({ runtimeStatus: 'Pending' });
      expect(await provider.getInstance(other)).toMatchObject({ executionId: `${other}-exec-1` });
      const inbox = await provider.claimOrchestrationWorkItems({ owner: 'w2', now: T0, leaseMs: 1_000, maxItems: 10 });
      const otherItem = inbox.find((i) => i.instance.instanceId === other);
      expect(otherItem?.messages.map((m) => m.event.type)).toEqual(['ExecutionStarted', 'EventRaised']);
    } finally {
      await provider.close();
    }
  });
});
