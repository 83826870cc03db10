import pg from 'pg';
import { afterAll, afterEach, expect, it } from 'vitest';
import { silentLogger } from '../../../src/model/logger';
import { ChangeNotifier } from '../../../src/storage/change-notifier';
import { PostgresDatabase } from '../../../src/storage/postgres/postgres-database';
import { resolvePostgresStorageOptions } from '../../../src/storage/postgres/postgres-options';
import type { Queryable } from '../../../src/storage/postgres/postgres-tables';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { uniqueName } from './postgres-test-setup';

/**
 * Parameterised statements run as named prepared statements, once parsed per connection; a
 * statement that no longer fits its connection (another process changed a table's columns under
 * it) is run again on a new connection instead of failing the operation.
 */
describeIfPostgres('postgres storage: prepared statements', () => {
  const admin = new pg.Pool({ connectionString: testPostgresUrl(), max: 1 });
  const opened: { db: PostgresDatabase; schema: string }[] = [];
  afterEach(async () => {
    for (const { db, schema } of opened.splice(0)) {
      await db.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
  afterAll(async () => {
    await admin.end();
  });

  /** A database on a fresh schema whose pool has one connection, so every call meets the same session until it is replaced. */
  async function openDatabase(preparedStatements: boolean): Promise<{ db: PostgresDatabase; schema: string }> {
    const schema = uniqueName('prep');
    const options = resolvePostgresStorageOptions({ connectionString: testPostgresUrl(), hubName: 'Prep', schema, pool: { max: 1 }, preparedStatements });
    const db = new PostgresDatabase(options, new ChangeNotifier(silentLogger));
    opened.push({ db, schema });
    await db.initialize();
    return { db, schema };
  }

  const preparedNames = async (db: Queryable): Promise<string[]> =>
    (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((row) => row.name);
  const backendPid = async (db: Queryable): Promise<number> => (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? -1;

  it('prepares a parameterised statement once per connection, under one name for one text', async () => {
    const { db } = await openDatabase(true);
    for (const n of [1, 2, 3]) {
      const rows = await db.read('add', async (q) => (await q.query<{ sum: number }>('SELECT $1::int + 1 AS sum', [n])).rows);
      expect(rows).toEqual([{ sum: n + 1 }]);
    }
    await db.read('other', (q) => q.query('SELECT $1::text AS t', ['x']));
    const names = await db.read('list', preparedNames);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^durable_[0-9a-f]{32}$/);
  });

  it('prepares nothing when preparedStatements is false', async () => {
    const { db } = await openDatabase(false);
    await db.read('add', (q) => q.query('SELECT $1::int + 1 AS sum', [1]));
    await db.transaction('add', (q) => q.query('SELECT $1::int + 1 AS sum', [2]));
    expect(await db.read('list', preparedNames)).toEqual([]);
  });

  for (const path of ['read', 'transaction'] as const) {
    it(`runs a statement whose table changed columns under it again on a new connection (${path})`, async () => {
      const { db, schema } = await openDatabase(true);
      const table = `"${schema}".hubs`;
      const select = (q: Queryable): Promise<Record<string, unknown>[]> => q.query(`SELECT * FROM ${table} WHERE hub = $1`, ['Prep']).then((result) => result.rows);
      const run = (body: (q: Queryable) => Promise<Record<string, unknown>[]>): Promise<Record<string, unknown>[]> =>
        path === 'read' ? db.read('select the hub', body) : db.transaction('select the hub', body);
      expect(await run(select)).toHaveLength(1);
      const before = await db.read('pid', backendPid);

      // Another process migrates the table: the prepared SELECT * now returns another row type.
      await admin.query(`ALTER TABLE ${table} ADD COLUMN added_later integer DEFAULT 7`);
      const rows = await run(select);

      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ hub: 'Prep', added_later: 7 });
      expect(await db.read('pid', backendPid)).not.toBe(before);
    });
  }
});
