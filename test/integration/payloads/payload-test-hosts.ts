import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PayloadStorageProvider, PostgresStorageProvider, type DataConverter } from 'durable-ts';
import type { Constructor } from '../../../src/registry/function-registration';
import { testPostgresUrl } from '../../support/postgres';
import { startTestHost, type TestHost } from '../../support/test-host';

export type ProviderKind = 'sqlite' | 'postgres';

export const PAYLOAD_TEST_SCHEMA = 'durable_payload_test';

/** Sizes of what one instance stored, in bytes as the database holds them. */
export interface StoredSizes {
  readonly input: number;
  readonly output: number;
  /** All its history rows. */
  readonly history: number;
}

export interface PayloadTestHost extends TestHost {
  readonly kind: ProviderKind;
  storedSizes(instanceId: string): Promise<StoredSizes>;
  /** Every text value of every table of the hub, as stored (PostgreSQL; SQLite reads the file instead). */
  allStoredText(): Promise<string>;
}

/** A started host on a fresh SQLite file, or on a fresh hub in the test PostgreSQL database. */
export async function startPayloadTestHost(
  kind: ProviderKind,
  functions: readonly Constructor[],
  durableTask: Record<string, unknown> = {},
  dataConverter?: DataConverter,
): Promise<PayloadTestHost> {
  const hubName = `Pay${randomBytes(5).toString('hex')}`;
  const storage = kind === 'postgres' ? { storageProvider: { type: 'postgres', connectionString: testPostgresUrl(), schema: PAYLOAD_TEST_SCHEMA } } : {};
  const t = await startTestHost(functions, { hubName, ...storage, ...durableTask }, dataConverter !== undefined ? { dataConverter } : {});
  const sql = (query: string, ...values: unknown[]): Promise<Record<string, unknown>[]> => runQuery(kind, t.dbPath, query, values);
  const table = (name: string): string => (kind === 'postgres' ? `"${PAYLOAD_TEST_SCHEMA}".${name}` : name);
  const length = kind === 'postgres' ? 'octet_length' : 'LENGTH';
  const bytes = (column: string): string => (kind === 'postgres' ? `COALESCE(${length}(${column}), 0)` : `COALESCE(LENGTH(CAST(${column} AS BLOB)), 0)`);
  const p = (n: number): string => (kind === 'postgres' ? `$${n}` : '?');
  return {
    ...t,
    kind,
    dispose: async () => {
      const inner = t.host.storage instanceof PayloadStorageProvider ? t.host.storage.inner : t.host.storage;
      if (inner instanceof PostgresStorageProvider) await inner.deleteHub();
      await t.dispose();
    },
    storedSizes: async (instanceId) => {
      const [row] = await sql(`SELECT ${bytes('input')} AS input, ${bytes('output')} AS output FROM ${table('instances')} WHERE hub = ${p(1)} AND instance_id = ${p(2)}`, hubName, instanceId);
      const [history] = await sql(`SELECT COALESCE(SUM(${bytes('event')}), 0) AS bytes FROM ${table('history')} WHERE hub = ${p(1)} AND instance_id = ${p(2)}`, hubName, instanceId);
      return { input: Number(row?.['input'] ?? 0), output: Number(row?.['output'] ?? 0), history: Number(history?.['bytes'] ?? 0) };
    },
    allStoredText: async () => {
      const tables = ['instances', 'history', 'orchestration_messages', 'activity_items'];
      const parts: string[] = [];
      for (const name of tables) {
        const rows = await sql(`SELECT * FROM ${table(name)} WHERE hub = ${p(1)}`, hubName);
        parts.push(JSON.stringify(rows));
      }
      return parts.join('\n');
    },
  };
}

async function runQuery(kind: ProviderKind, dbPath: string, query: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  if (kind === 'sqlite') {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare(query).all(...values) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    return (await client.query(query, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
