import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDurableHost, type DurableHost, type HistoryEvent } from 'durable-ts';
import { deletePostgresHub } from '../../src/storage/postgres/postgres-hubs';
import { postgresTables } from '../../src/storage/postgres/postgres-tables';
import { testPostgresUrl } from '../support/postgres';
import { ChildHost, silentLogger } from './crash-harness';
import type { PgWorkerArgs } from './fixtures/pg-worker';
import { scaleOutFunctions } from './fixtures/scale-out-functions';

/** Helpers of the PostgreSQL scale-out tests: hub names, host.json, worker processes, SQL probes, clean-up. */

/** The schema the chaos tests use (hubs in it are deleted after each test; the tables stay). */
export const CHAOS_SCHEMA = 'durable_chaos';

/** A hub name no other test run uses (hub names are letters and digits, starting with a letter). */
export function uniqueHubName(prefix: string): string {
  return `${prefix}${process.pid}x${randomBytes(5).toString('hex')}`;
}

/** A schema name no other test run uses (a plain PostgreSQL identifier). */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`;
}

export interface PgHostJsonOptions {
  readonly hubName: string;
  readonly schema?: string;
  readonly leaseSeconds?: number;
  readonly maxConcurrentActivities?: number;
  readonly maxConcurrentOrchestrations?: number;
  /** host.json `localActivityDispatch`; the framework default (true) when absent. */
  readonly localActivityDispatch?: boolean;
}

/** host.json of a worker on the test server: short leases, a short idle poll, bounded concurrency. */
export function pgHostJson(options: PgHostJsonOptions): unknown {
  return {
    version: '2.0',
    extensions: {
      durableTask: {
        hubName: options.hubName,
        storageProvider: { type: 'postgres', connectionString: testPostgresUrl(), schema: options.schema ?? CHAOS_SCHEMA },
        maxConcurrentActivityFunctions: options.maxConcurrentActivities ?? 8,
        maxConcurrentOrchestratorFunctions: options.maxConcurrentOrchestrations ?? 8,
        leaseDurationInSeconds: options.leaseSeconds ?? 2,
        maxQueuePollingInterval: '00:00:00.200',
        ...(options.localActivityDispatch !== undefined ? { localActivityDispatch: options.localActivityDispatch } : {}),
      },
    },
  };
}

/**
 * A worker process (fixtures/pg-worker.ts); wait for `ready` with `waitReady`. It has a stdin pipe
 * (for `go`), and exits by itself when that pipe closes, so it cannot outlive the test process.
 */
export function spawnPgWorker(args: PgWorkerArgs, cwd: string): ChildHost {
  return ChildHost.spawnFixture('pg-worker.ts', args, cwd, { stdin: true });
}

/** Waits for the worker's `ready <pid> <workerId>` line; returns its worker id (the lease owner name). */
export async function waitReady(worker: ChildHost, timeoutMs = 20_000): Promise<string> {
  const match = await worker.waitForLine(/^ready (\d+) (\S+)$/, timeoutMs, `worker ${worker.pid} to start its host`);
  return match[2] ?? '';
}

/** The instance ids of a worker's `episode <pid> <instanceId>` lines, one per committed episode. */
function episodeInstanceIds(worker: ChildHost): string[] {
  return worker.lines().flatMap((line) => {
    const match = /^episode \d+ (.+)$/.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

/** How many orchestration episodes a worker process committed (entity batches not counted). */
export function episodesOf(worker: ChildHost): number {
  return episodeInstanceIds(worker).filter((id) => !isEntityId(id)).length;
}

/** How many entity batches a worker process committed (they log the same event, with an `@name@key` id). */
export function entityEpisodesOf(worker: ChildHost): number {
  return episodeInstanceIds(worker).filter(isEntityId).length;
}

/** Entities are stored as instances whose id is `@name@key`. */
function isEntityId(instanceId: string): boolean {
  return instanceId.startsWith('@');
}

/** The `log <JSON>` lines (warnings and errors) a worker printed, parsed. */
export function loggedProblems(worker: ChildHost): Array<Record<string, unknown>> {
  return worker
    .lines()
    .filter((line) => line.startsWith('log '))
    .map((line) => JSON.parse(line.slice(4)) as Record<string, unknown>);
}

/**
 * A worker's warnings and errors other than lost leases, which fencing makes harmless: the stale
 * episode is discarded. Entity batches report a lost lease with the same `orchestration.lease.lost`
 * event (with the entity's `@name@key` id). Everything else, e.g. `activity.results.dropped`, counts.
 */
export function unexpectedProblems(worker: ChildHost): Array<Record<string, unknown>> {
  return loggedProblems(worker).filter((p) => p['event'] !== 'orchestration.lease.lost');
}

/**
 * A host in the test process whose worker is never started: only its client and storage are used,
 * to start instances, signal entities and read statuses, histories and entity states. It registers
 * the workers' functions (scaleOutFunctions). `stop()` closes its storage.
 */
export async function openClientHost(hubName: string, cwd: string, schema = CHAOS_SCHEMA): Promise<DurableHost> {
  return createDurableHost({ functions: scaleOutFunctions, hostJson: pgHostJson({ hubName, schema }), env: {}, cwd, logger: silentLogger });
}

/** Unexpired leases one worker holds, by kind. */
export interface HeldLeases {
  readonly orchestrations: number;
  readonly entities: number;
  readonly activities: number;
}

/** All of a worker's leases, whatever their kind. */
export function totalLeases(leases: HeldLeases): number {
  return leases.orchestrations + leases.entities + leases.activities;
}

/** Direct SQL for waiting on conditions and for clean-up (never used to make the workers' decisions). */
export class PgAdmin {
  private pool: pg.Pool | undefined;

  private get db(): pg.Pool {
    this.pool ??= new pg.Pool({ connectionString: testPostgresUrl(), max: 2 });
    return this.pool;
  }

  /** Orchestration instances of the hub by runtime status (entities, stored as `@name@key` instances, are left out). */
  async statusCounts(hubName: string, schema = CHAOS_SCHEMA): Promise<Record<string, number>> {
    const tables = postgresTables(schema);
    const result = await this.db.query<{ runtime_status: string; n: number }>(
      `SELECT runtime_status, count(*)::int AS n FROM ${tables.instances} WHERE hub = $1 AND left(instance_id, 1) <> '@' GROUP BY runtime_status`,
      [hubName],
    );
    return Object.fromEntries(result.rows.map((row) => [row.runtime_status, row.n]));
  }

  /** How many history events an instance has committed. */
  async historyLength(hubName: string, instanceId: string, schema = CHAOS_SCHEMA): Promise<number> {
    const tables = postgresTables(schema);
    const result = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tables.history} WHERE hub = $1 AND instance_id = $2`, [
      hubName,
      instanceId,
    ]);
    return result.rows[0]?.n ?? 0;
  }

  /** The lease owner of an instance, or null when nobody holds it. */
  async lockedBy(hubName: string, instanceId: string, schema = CHAOS_SCHEMA): Promise<string | null> {
    const tables = postgresTables(schema);
    const result = await this.db.query<{ locked_by: string | null }>(`SELECT locked_by FROM ${tables.instances} WHERE hub = $1 AND instance_id = $2`, [
      hubName,
      instanceId,
    ]);
    return result.rows[0]?.locked_by ?? null;
  }

  /** The leases `owner` holds now (unexpired), on orchestration instances, entities and activity work items. */
  async leasesHeldBy(hubName: string, owner: string, schema = CHAOS_SCHEMA): Promise<HeldLeases> {
    const tables = postgresTables(schema);
    const result = await this.db.query<HeldLeases>(
      `SELECT (SELECT count(*)::int FROM ${tables.instances} WHERE hub = $1 AND locked_by = $2 AND lock_expires_at > $3 AND left(instance_id, 1) <> '@') AS orchestrations,
              (SELECT count(*)::int FROM ${tables.instances} WHERE hub = $1 AND locked_by = $2 AND lock_expires_at > $3 AND left(instance_id, 1) = '@') AS entities,
              (SELECT count(*)::int FROM ${tables.activities} WHERE hub = $1 AND locked_by = $2 AND lock_expires_at > $3) AS activities`,
      [hubName, owner, Date.now()],
    );
    return result.rows[0] ?? { orchestrations: 0, entities: 0, activities: 0 };
  }

  /** How many messages (signals not yet processed) wait in the inboxes of the hub's entities. */
  async entityInboxLength(hubName: string, schema = CHAOS_SCHEMA): Promise<number> {
    const tables = postgresTables(schema);
    const result = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${tables.messages} WHERE hub = $1 AND left(instance_id, 1) = '@'`,
      [hubName],
    );
    return result.rows[0]?.n ?? 0;
  }

  async schemaExists(schema: string): Promise<boolean> {
    const result = await this.db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    return (result.rowCount ?? 0) > 0;
  }

  async schemaVersion(schema: string): Promise<string | undefined> {
    const tables = postgresTables(schema);
    const result = await this.db.query<{ value: string }>(`SELECT value FROM ${tables.meta} WHERE key = 'schema_version'`);
    return result.rows[0]?.value;
  }

  /** Deletes every row of the hub, in one transaction (its workers must be gone). */
  async deleteHub(hubName: string, schema = CHAOS_SCHEMA): Promise<void> {
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      await deletePostgresHub(client, postgresTables(schema), hubName);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async dropSchema(schema: string): Promise<void> {
    await this.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }

  async end(): Promise<void> {
    await this.pool?.end();
    this.pool = undefined;
  }
}

/** A history's event types, compactly, for failure messages. */
export function historyTypes(history: readonly HistoryEvent[]): string {
  return history.map((e) => e.type).join(',');
}
