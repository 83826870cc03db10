import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { createPostgresStorageProvider, type PostgresStorageOptions, type PostgresStorageProvider } from '../../../src/storage/postgres';
import { deletePostgresHub } from '../../../src/storage/postgres/postgres-hubs';
import { postgresTables } from '../../../src/storage/postgres/postgres-tables';
import { testPostgresUrl } from '../../support/postgres';

/** The schema the PostgreSQL tests work in (not the default 'durable'). */
export const TEST_SCHEMA = 'durable_test';

/** A hub (or schema) name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`;
}

export function openTestProvider(hubName: string, options: Partial<PostgresStorageOptions> = {}): Promise<PostgresStorageProvider> {
  return createPostgresStorageProvider({ connectionString: testPostgresUrl(), hubName, schema: TEST_SCHEMA, ...options });
}

/**
 * A pool for set-up and clean-up, and fresh hubs that are deleted after each test (after the
 * contract's own afterEach closed its provider). Call inside a `describe`.
 */
export function usePostgresTestHubs(): { admin: () => pg.Pool; freshHub: (prefix?: string) => string } {
  let pool: pg.Pool | undefined;
  const admin = (): pg.Pool => (pool ??= new pg.Pool({ connectionString: testPostgresUrl(), max: 2 }));
  const hubs: string[] = [];
  afterEach(async () => {
    const done = hubs.splice(0);
    if (done.length === 0) return;
    // Clean-up only: the hubs' providers are closed already, so delete their rows directly.
    for (const hub of done) await deletePostgresHub(admin(), postgresTables(TEST_SCHEMA), hub);
  });
  afterAll(async () => {
    await pool?.end();
  });
  return {
    admin,
    freshHub: (prefix = 'hub') => {
      const hub = uniqueName(prefix);
      hubs.push(hub);
      return hub;
    },
  };
}

/** Waits until `check` returns true, polling every 10 ms; fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
