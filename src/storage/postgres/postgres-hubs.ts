import { ConfigurationError } from '../../model/errors/configuration-error';
import { isValidPostgresSchemaName } from './postgres-options';
import { postgresTables, type PostgresTables, type Queryable } from './postgres-tables';

/** Records that a hub exists (so it is listed before it holds any instance). */
export async function registerPostgresHub(db: Queryable, tables: PostgresTables, hub: string, now: number): Promise<void> {
  await db.query(`INSERT INTO ${tables.hubs} (hub, created_at) VALUES ($1, $2) ON CONFLICT (hub) DO NOTHING`, [hub, now]);
}

/** The hubs in `schema`, sorted; none when the schema has not been created. */
export async function listPostgresHubs(db: Queryable, schema: string): Promise<string[]> {
  const tables = tablesFor(schema);
  const present = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [tables.hubs]);
  if (present.rows[0]?.present !== true) return [];
  const result = await db.query<{ hub: string }>(
    `SELECT hub FROM ${tables.hubs} UNION SELECT DISTINCT hub FROM ${tables.instances} ORDER BY hub`,
  );
  return result.rows.map((row) => row.hub);
}

/**
 * Deletes every row of one hub (instances, history, inboxes, activity items and the hub itself)
 * and nothing else. `db` must be inside a transaction for the deletion to be atomic.
 */
export async function deletePostgresHub(db: Queryable, tables: PostgresTables, hub: string): Promise<void> {
  for (const table of [tables.history, tables.messages, tables.activities, tables.instances, tables.workers, tables.hubs]) {
    await db.query(`DELETE FROM ${table} WHERE hub = $1`, [hub]);
  }
}

function tablesFor(schema: string): PostgresTables {
  if (!isValidPostgresSchemaName(schema)) {
    const problem = `schema must be 1 to 63 letters, digits or underscores, not starting with a digit, not ${JSON.stringify(schema)}`;
    throw new ConfigurationError(`Invalid PostgreSQL schema name: ${problem}.`, [problem]);
  }
  return postgresTables(schema);
}
