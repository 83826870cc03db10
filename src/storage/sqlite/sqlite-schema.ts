import type Database from 'better-sqlite3';
import { StorageError } from '../../model/errors/storage-error';
import { SQLITE_READINESS_STEP } from './sqlite-readiness-schema';
import { SQLITE_WORKERS_STEP } from './sqlite-workers-schema';
import { SQLITE_HISTORY_STEP } from './sqlite-history-schema';

/** Bump when the DDL changes, and add a step to MIGRATIONS that takes version n-1 to n. */
export const SQLITE_SCHEMA_VERSION = 6;

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS instances (
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT,
  runtime_status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  failure_details TEXT,
  custom_status TEXT,
  created_at INTEGER NOT NULL,
  last_updated_at INTEGER NOT NULL,
  completed_at INTEGER,
  history_length INTEGER NOT NULL DEFAULT 0,
  locked_by TEXT,
  lock_expires_at INTEGER,
  PRIMARY KEY (hub, instance_id)
);

CREATE TABLE IF NOT EXISTS history (
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (hub, instance_id, seq)
);

CREATE TABLE IF NOT EXISTS orchestration_messages (
  message_id INTEGER PRIMARY KEY AUTOINCREMENT,
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  event TEXT NOT NULL,
  visible_at INTEGER NOT NULL,
  dequeue_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS orchestration_messages_by_visibility
  ON orchestration_messages (hub, visible_at);
CREATE INDEX IF NOT EXISTS orchestration_messages_by_instance
  ON orchestration_messages (hub, instance_id, message_id);

CREATE TABLE IF NOT EXISTS activity_items (
  work_item_id INTEGER PRIMARY KEY AUTOINCREMENT,
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  input TEXT,
  visible_at INTEGER NOT NULL,
  locked_by TEXT,
  lock_expires_at INTEGER,
  dequeue_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS instances_by_creation
  ON instances (hub, created_at, instance_id);
CREATE INDEX IF NOT EXISTS activity_items_by_visibility
  ON activity_items (hub, visible_at, work_item_id);
CREATE INDEX IF NOT EXISTS activity_items_by_instance
  ON activity_items (hub, instance_id);
`;

/** Version 2: entity state, and the index that instance queries page on. */
const SCHEMA_V2 = `
ALTER TABLE instances ADD COLUMN entity_state TEXT;
CREATE INDEX IF NOT EXISTS instances_by_creation ON instances (hub, created_at, instance_id);
`;

/** Version 5: an activity call's own time limit (`timeoutMs`), NULL when it gave none. */
const SCHEMA_V5 = `
ALTER TABLE activity_items ADD COLUMN timeout_ms INTEGER;
`;

/** MIGRATIONS[n] takes a database at schema version n to version n+1. */
const MIGRATIONS: readonly string[] = [SCHEMA_V1, SCHEMA_V2, SQLITE_READINESS_STEP, SQLITE_WORKERS_STEP, SCHEMA_V5, SQLITE_HISTORY_STEP];

/**
 * Brings the schema to SQLITE_SCHEMA_VERSION (kept in PRAGMA user_version). Idempotent, and safe
 * when several processes open one file at once: the version is re-read inside an immediate
 * transaction, so only one of them migrates. Returns true when it changed the schema.
 */
export function migrateSqliteSchema(db: Database.Database, path: string): boolean {
  const migrate = db.transaction((): boolean => {
    const current = readUserVersion(db);
    if (current > SQLITE_SCHEMA_VERSION) {
      throw new StorageError(
        `SQLite database '${path}' has schema version ${current}, newer than the ${SQLITE_SCHEMA_VERSION} ` +
          'this version of durable-ts understands. Upgrade durable-ts or use another file.',
      );
    }
    for (let version = current; version < SQLITE_SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version];
      if (step === undefined) throw new StorageError(`No SQLite migration from schema version ${version}.`);
      db.exec(step);
    }
    if (current === SQLITE_SCHEMA_VERSION) return false;
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
    return true;
  });
  if (readUserVersion(db) === SQLITE_SCHEMA_VERSION) return false;
  return migrate.immediate();
}

function readUserVersion(db: Database.Database): number {
  const value = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : Number(value);
}
