import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { describeIfPostgres } from '../../support/postgres';
import { openTestProvider, usePostgresTestHubs } from './postgres-test-setup';
import { newInstance } from './storage-fixtures';

/**
 * Status reads asked for together go out as one statement: a lone read at once, the reads asked
 * for while it is on its way together after it.
 */
describeIfPostgres('postgres storage: status reads asked for together', () => {
  const { freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  const restore: (() => void)[] = [];
  afterEach(async () => {
    for (const undo of restore.splice(0)) undo();
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  /** Counts the instance reads every pg client of this process sends from now on. */
  function countInstanceReads(): () => number {
    let reads = 0;
    const query = pg.Client.prototype.query;
    const counting = function (this: pg.Client, ...args: unknown[]): unknown {
      const config = args[0];
      const text = typeof config === 'string' ? config : (config as { text?: unknown } | undefined)?.text;
      if (typeof text === 'string' && /^SELECT \* FROM \S+\.instances WHERE hub = \$1 AND instance_id/.test(text)) reads++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    };
    pg.Client.prototype.query = counting as typeof pg.Client.prototype.query;
    restore.push(() => (pg.Client.prototype.query = query));
    return () => reads;
  }

  it('reads twenty instances asked for in one turn with at most two statements, each caller getting its own', async () => {
    const provider = await openTestProvider(freshHub('reads'));
    opened.push(provider);
    const ids = Array.from({ length: 20 }, (_, n) => `r${n}`);
    await Promise.all(ids.map((id) => provider.createInstance(newInstance(id))));
    const reads = countInstanceReads();
    const records = await Promise.all([...ids, 'missing'].map((id) => provider.getInstance(id)));
    expect(records.map((r) => r?.instanceId)).toEqual([...ids, undefined]);
    expect(reads()).toBeLessThanOrEqual(2);
  });
});
