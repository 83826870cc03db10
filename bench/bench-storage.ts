import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStorageProvider } from 'durable-ts';

/** The PostgreSQL server the bench uses unless DURABLE_PG_URL names another (the tests' default). */
export const DEFAULT_BENCH_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The schema the bench's hubs live in (each run's hubs are deleted afterwards; the tables stay). */
export const BENCH_POSTGRES_SCHEMA = 'durable_bench';

/** Where the PostgreSQL rows run. */
export interface BenchPostgres {
  readonly url: string;
  readonly schema: string;
}

/** The storage of one bench host: the embedded SQLite file, or a fresh hub on the PostgreSQL server. */
export type BenchStorage = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly postgres: BenchPostgres };

export type BenchStorageKind = BenchStorage['kind'];

/** What the scenarios may use on this run. */
export interface BenchEnvironment {
  /** The storages to measure, in order (SQLite always; PostgreSQL when reachable and selected). */
  readonly storages: readonly BenchStorage[];
  /** The PostgreSQL server, when reachable and selected. */
  readonly postgres?: BenchPostgres;
  /** Lines printed under the table (skipped providers and why). */
  readonly notes: string[];
}

export function benchPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DURABLE_PG_URL;
  return url !== undefined && url.trim() !== '' ? url : DEFAULT_BENCH_POSTGRES_URL;
}

/** The URL with any password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable connection string)';
  }
}

/** Connects and runs SELECT 1 within 3 s; returns why not, or undefined when the server answers. */
export async function probePostgres(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || String((error as { code?: unknown }).code) : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server's `synchronous_commit` (how durable a commit is when it returns), for the table. */
export async function readSynchronousCommit(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    return `sync_commit=${result.rows[0]?.synchronous_commit ?? '?'}`;
  } catch {
    return 'sync_commit=?';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A hub name no other run uses (letters and digits, as hub names must be). */
export function uniqueBenchHub(prefix = 'Bench'): string {
  return `${prefix}${process.pid}x${randomBytes(4).toString('hex')}`;
}

/** Deletes every row of the hub (its hosts and workers must be stopped). */
export async function deleteBenchHub(postgres: BenchPostgres, hubName: string): Promise<void> {
  const provider = await createPostgresStorageProvider({ connectionString: postgres.url, hubName, schema: postgres.schema });
  try {
    await provider.deleteHub();
  } finally {
    await provider.close();
  }
}

/** host.json `storageProvider` for a bench host. */
export function storageProviderJson(storage: BenchStorage, sqlitePath: string): Record<string, unknown> {
  return storage.kind === 'sqlite'
    ? { type: 'sqlite', path: sqlitePath }
    : { type: 'postgres', connectionString: storage.postgres.url, schema: storage.postgres.schema };
}
