import type Database from 'better-sqlite3';

/** Every table that holds rows of a hub; each has a `hub` column. */
const HUB_TABLES = ['history', 'orchestration_messages', 'activity_items', 'instances', 'workers'] as const;

/** The hubs with instances (entities included) or registered workers in the file, sorted. */
export function listSqliteHubs(db: Database.Database): string[] {
  const rows = db.prepare('SELECT hub FROM instances UNION SELECT hub FROM workers ORDER BY hub').all() as Array<{ hub: string }>;
  return rows.map((row) => row.hub);
}

/**
 * Deletes every row of one hub (instances, history, inboxes, activity items, workers) and nothing
 * of other hubs in the same file, in one transaction. The file stays: other hubs may live in it.
 */
export function deleteSqliteHub(db: Database.Database, hub: string): void {
  db.transaction(() => {
    for (const table of HUB_TABLES) db.prepare(`DELETE FROM ${table} WHERE hub = ?`).run(hub);
  })();
}
