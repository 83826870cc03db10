import { createHash } from 'node:crypto';
import { StorageError } from '../../model/errors/storage-error';
import { claimActivityFunctionDdl } from './postgres-activity-claim';
import { claimOrchestrationFunctionDdl } from './postgres-orchestration-claim-function';
import type { PostgresTables, Queryable } from './postgres-tables';

/** Bump when the DDL changes, and add a step to postgresMigrations that takes version n-1 to n. */
export const POSTGRES_SCHEMA_VERSION = 8;

/** Times are epoch milliseconds (bigint); payloads and history events are JSON text, kept verbatim. */
function schemaV1(tables: PostgresTables): string {
  return `
CREATE TABLE IF NOT EXISTS ${tables.hubs} (
  hub text PRIMARY KEY,
  created_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS ${tables.instances} (
  hub text NOT NULL,
  instance_id text NOT NULL,
  execution_id text NOT NULL,
  name text NOT NULL,
  version text,
  runtime_status text NOT NULL,
  input text,
  output text,
  failure_details text,
  custom_status text,
  created_at bigint NOT NULL,
  last_updated_at bigint NOT NULL,
  completed_at bigint,
  history_length integer NOT NULL DEFAULT 0,
  locked_by text,
  lock_expires_at bigint,
  PRIMARY KEY (hub, instance_id)
);
CREATE INDEX IF NOT EXISTS instances_by_creation ON ${tables.instances} (hub, created_at, instance_id);

CREATE TABLE IF NOT EXISTS ${tables.history} (
  hub text NOT NULL,
  instance_id text NOT NULL,
  seq integer NOT NULL,
  event text NOT NULL,
  PRIMARY KEY (hub, instance_id, seq)
);

CREATE TABLE IF NOT EXISTS ${tables.messages} (
  message_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hub text NOT NULL,
  instance_id text NOT NULL,
  event text NOT NULL,
  visible_at bigint NOT NULL,
  dequeue_count integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS orchestration_messages_by_visibility ON ${tables.messages} (hub, visible_at);
CREATE INDEX IF NOT EXISTS orchestration_messages_by_instance ON ${tables.messages} (hub, instance_id, message_id);

CREATE TABLE IF NOT EXISTS ${tables.activities} (
  work_item_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hub text NOT NULL,
  instance_id text NOT NULL,
  execution_id text NOT NULL,
  task_id integer NOT NULL,
  name text NOT NULL,
  input text,
  visible_at bigint NOT NULL,
  locked_by text,
  lock_expires_at bigint,
  dequeue_count integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS activity_items_by_visibility ON ${tables.activities} (hub, visible_at, work_item_id);
CREATE INDEX IF NOT EXISTS activity_items_by_instance ON ${tables.activities} (hub, instance_id);
`;
}

/** postgresMigrations(tables)[n] takes a schema at version n to version n+1. */
function postgresMigrations(tables: PostgresTables): readonly string[] {
  // Version 2: entity state. Version 3: the registered workers and their advisory lock keys.
  // Version 4: the message indexes a claim reads in claim order (visibility, then id) and probes
  // for an instance's head (postgres-claims.ts). Version 5: an activity call's own time limit
  // (`timeoutMs`), NULL when it gave none. Version 6: the activity claim as a function that keeps
  // its index plan on tables without statistics (postgres-activity-claim.ts). Version 7: the
  // orchestration claim as such a function too (postgres-orchestration-claim-function.ts).
  // Version 8: both claim functions in PL/pgSQL, which keeps their plans (postgres-query-function.ts).
  return [
    schemaV1(tables),
    `ALTER TABLE ${tables.instances} ADD COLUMN IF NOT EXISTS entity_state text`,
    `CREATE TABLE IF NOT EXISTS ${tables.workers} (hub text NOT NULL, owner text NOT NULL, lock_key bigint NOT NULL,
       registered_at bigint NOT NULL, PRIMARY KEY (hub, owner))`,
    `CREATE INDEX IF NOT EXISTS orchestration_messages_in_claim_order ON ${tables.messages} (hub, visible_at, message_id);
     DROP INDEX IF EXISTS ${tables.schema}.orchestration_messages_by_visibility;
     CREATE INDEX IF NOT EXISTS orchestration_messages_by_instance_visibility
       ON ${tables.messages} (hub, instance_id, visible_at, message_id);
     DROP INDEX IF EXISTS ${tables.schema}.orchestration_messages_by_instance`,
    `ALTER TABLE ${tables.activities} ADD COLUMN IF NOT EXISTS timeout_ms bigint`,
    claimActivityFunctionDdl(tables),
    claimOrchestrationFunctionDdl(tables),
    `${claimActivityFunctionDdl(tables)};\n${claimOrchestrationFunctionDdl(tables)}`,
  ];
}

/** The transaction-level advisory lock that serialises migrations of one schema across processes. */
function migrationLockKeys(schema: string): [number, number] {
  const digest = createHash('sha256').update(`durable-ts schema ${schema}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * Brings the schema to POSTGRES_SCHEMA_VERSION (kept in the `meta` table). Idempotent, and safe
 * when several processes initialize at once: a quick look first (so an up-to-date schema needs no
 * DDL rights and takes no lock), then `pg_advisory_xact_lock` around CREATE SCHEMA and the steps,
 * with the version re-read under the lock. `db` must be one connection (it runs a transaction).
 * Returns true when it changed the schema.
 */
export async function migratePostgresSchema(db: Queryable, tables: PostgresTables): Promise<boolean> {
  if ((await readSchemaVersion(db, tables)) === POSTGRES_SCHEMA_VERSION) return false;
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock($1, $2)', migrationLockKeys(tables.schema));
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${tables.meta} (key text PRIMARY KEY, value text NOT NULL)`);
    const current = (await readSchemaVersion(db, tables)) ?? 0;
    const steps = postgresMigrations(tables);
    for (let version = current; version < POSTGRES_SCHEMA_VERSION; version++) {
      const step = steps[version];
      if (step === undefined) throw new StorageError(`No PostgreSQL migration from schema version ${version}.`);
      await db.query(step);
    }
    await db.query(
      `INSERT INTO ${tables.meta} (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [String(POSTGRES_SCHEMA_VERSION)],
    );
    await db.query('COMMIT');
    return current !== POSTGRES_SCHEMA_VERSION;
  } catch (error) {
    // The migration's error is the one thrown; a failed ROLLBACK means the connection broke, which ends the transaction too.
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The stored schema version; undefined when there is no meta table yet. Refuses a newer schema. */
async function readSchemaVersion(db: Queryable, tables: PostgresTables): Promise<number | undefined> {
  const exists = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [tables.meta]);
  if (exists.rows[0]?.present !== true) return undefined;
  const row = (await db.query<{ value: string }>(`SELECT value FROM ${tables.meta} WHERE key = 'schema_version'`)).rows[0];
  if (row === undefined) return undefined;
  const version = Number(row.value);
  if (!Number.isInteger(version) || version > POSTGRES_SCHEMA_VERSION) {
    throw new StorageError(
      `PostgreSQL schema ${tables.schema} has schema version ${row.value}, newer than the ${POSTGRES_SCHEMA_VERSION} ` +
        'this version of durable-ts understands. Upgrade durable-ts or use another schema.',
    );
  }
  return version;
}
