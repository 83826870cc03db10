import type Database from 'better-sqlite3';

/** Every table that holds rows of a hub; each has a `hub` column. */
const HUB_TABLES = ['history', 'orchestration_messages', 'activity_items', 'instances', 'workers'] as const;

/**
 * Deletes every row of one hub (instances, history, inboxes, activity items, workers) and nothing
 * of other hubs in the same file, in one transaction. The file stays: other hubs may live in it.
 */
export function deleteSqliteHub(db: Database.Database, hub: string): void {
  db.transaction(() => {
    for (const table of HUB_TABLES) db.prepare(`DELETE FROM ${table} WHERE hub = ?`).run(hub);
  })();
}
