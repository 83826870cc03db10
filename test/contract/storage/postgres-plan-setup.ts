import pg from 'pg';
import { afterEach } from 'vitest';
import { migratePostgresSchema } from '../../../src/storage/postgres/postgres-schema';
import { postgresTables, type PostgresTables } from '../../../src/storage/postgres/postgres-tables';
import { testPostgresUrl } from '../../support/postgres';
import { uniqueName } from './postgres-test-setup';

export interface PlanSchema {
  readonly db: pg.Client;
  readonly tables: PostgresTables;
}

/**
 * For tests that read a statement's plan: a fresh schema (dropped after the test) on one
 * connection, migrated, with autovacuum off on `unanalyzed` tables so they keep no statistics,
 * and auto_explain loaded (nested statements included, since claims run inside functions).
 * Call inside a `describe`.
 */
export function usePlanSchema(): (prefix: string, unanalyzed: (tables: PostgresTables) => string[]) => Promise<PlanSchema> {
  let client: pg.Client | undefined;
  let schema: string | undefined;
  afterEach(async () => {
    if (schema !== undefined) await client?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client?.end();
    client = undefined;
    schema = undefined;
  });
  return async (prefix, unanalyzed) => {
    schema = uniqueName(prefix).toLowerCase();
    const tables = postgresTables(schema);
    const db = new pg.Client({ connectionString: testPostgresUrl() });
    client = db;
    await db.connect();
    await migratePostgresSchema(db, tables);
    for (const table of unanalyzed(tables)) await db.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    await db.query(`LOAD 'auto_explain'`);
    await db.query('SET auto_explain.log_min_duration = 0');
    await db.query('SET auto_explain.log_nested_statements = on');
    await db.query('SET auto_explain.log_analyze = on');
    return { db, tables };
  };
}

/** Runs `body` and returns its result with the plans auto_explain reported meanwhile. */
export async function withPlans<T>(db: pg.Client, body: () => Promise<T>): Promise<{ result: T; plans: string[] }> {
  const plans: string[] = [];
  const onNotice = (notice: { message?: string }): void => {
    if (notice.message?.includes('plan:') === true) plans.push(notice.message);
  };
  db.on('notice', onNotice);
  await db.query('SET client_min_messages = log');
  try {
    return { result: await body(), plans };
  } finally {
    await db.query('SET client_min_messages = notice');
    db.removeListener('notice', onNotice);
  }
}
