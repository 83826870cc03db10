import pg from 'pg';

/**
 * Vacuums and analyses the bench schema's tables before measuring. Every bench host deletes its
 * hub afterwards, so the tables collect dead rows run after run; where the server's autovacuum
 * is off (as on some development machines), stale statistics then make the planner scan instead
 * of using the indexes, and the figures drift from run to run. Returns a note for the table, or
 * undefined when there was nothing to do (no tables yet).
 */
export async function tidyBenchSchema(url: string, schema: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schema]);
    if (tables.rows.length === 0) return undefined;
    for (const { name } of tables.rows) await client.query(`VACUUM ANALYZE ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`);
    const autovacuum = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    return `PostgreSQL: vacuumed and analysed the ${tables.rows.length} tables of schema ${schema} before measuring (server autovacuum: ${autovacuum.rows[0]?.autovacuum ?? '?'}).`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
