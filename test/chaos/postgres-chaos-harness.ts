import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDurableHost, type DurableHost, type HistoryEvent } from 'durable-ts';
import { deletePostgresHub } from '../../src/storage/postgres/postgres-hubs';
import { postgresTables } from '../../src/storage/postgres/postgres-tables';
import { testPostgresUrl } from '../support/postgres';
import { ChildHost, silentLogger } from './crash-harness';
import { chaosFunctions } from './fixtures/chaos-functions';
import type { PgWorkerArgs } from './fixtures/pg-worker';

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

/** How many orchestration episodes each worker process committed, from its `episode <pid> <id>` lines. */
export function episodesOf(worker: ChildHost): number {
  return worker.lines().filter((line) => line.startsWith('episode ')).length;
}

/** The `log <JSON>` lines (warnings and errors) a worker printed, parsed. */
export function loggedProblems(worker: ChildHost): Array<Record<string, unknown>> {
  return worker
    .lines()
    .filter((line) => line.startsWith('log '))
    .map((line) => JSON.parse(line.slice(4)) as Record<string, unknown>);
}

/**
 * Known framework problem (reported, not fixed here): when two workers complete the same activity
 * work items (the first one's lease ran out while its finished results waited to be saved, and the
 * second one re-ran them), PostgresStorageProvider.completeActivityWorkItems deletes the items one
 * by one in completion order, so the two transactions can deadlock. PostgreSQL aborts one of them;
 * its worker logs `activity.results_not_saved` and the activities run again after their leases
 * end, so no work is lost or duplicated, only delayed. The tests tolerate exactly this error and
 * nothing else; `unexpectedProblems` returns every other warning or error.
 */
export function isActivityDeadlock(problem: Record<string, unknown>): boolean {
  return problem['event'] === 'activity.results_not_saved' && /deadlock detected/.test(String(problem['err']));
}

/** A worker's warnings and errors other than lost leases (which fencing makes harmless) and the known deadlock. */
export function unexpectedProblems(worker: ChildHost): Array<Record<string, unknown>> {
  return loggedProblems(worker).filter((p) => p['event'] !== 'orchestration.lease_lost' && !isActivityDeadlock(p));
}

/**
 * A host in the test process whose worker is never started: only its client and storage are used,
 * to start instances and to read statuses and histories. `stop()` closes its storage.
 */
export async function openClientHost(hubName: string, cwd: string, schema = CHAOS_SCHEMA): Promise<DurableHost> {
  return createDurableHost({ functions: chaosFunctions, hostJson: pgHostJson({ hubName, schema }), env: {}, cwd, logger: silentLogger });
}

/** Direct SQL for waiting on conditions and for clean-up (never used to make the workers' decisions). */
export class PgAdmin {
  private pool: pg.Pool | undefined;

  private get db(): pg.Pool {
    this.pool ??= new pg.Pool({ connectionString: testPostgresUrl(), max: 2 });
    return this.pool;
  }

  /** Instances of the hub by runtime status. */
  async statusCounts(hubName: string, schema = CHAOS_SCHEMA): Promise<Record<string, number>> {
    const t = postgresTables(schema);
    const result = await this.db.query<{ runtime_status: string; n: number }>(
      `SELECT runtime_status, count(*)::int AS n FROM ${t.instances} WHERE hub = $1 GROUP BY runtime_status`,
      [hubName],
    );
    return Object.fromEntries(result.rows.map((row) => [row.runtime_status, row.n]));
  }

  /** How many history events an instance has committed. */
  async historyLength(hubName: string, instanceId: string, schema = CHAOS_SCHEMA): Promise<number> {
    const t = postgresTables(schema);
    const result = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.history} WHERE hub = $1 AND instance_id = $2`, [
      hubName,
      instanceId,
    ]);
    return result.rows[0]?.n ?? 0;
  }

  /** The lease owner of an instance, or null when nobody holds it. */
  async lockedBy(hubName: string, instanceId: string, schema = CHAOS_SCHEMA): Promise<string | null> {
    const t = postgresTables(schema);
    const result = await this.db.query<{ locked_by: string | null }>(`SELECT locked_by FROM ${t.instances} WHERE hub = $1 AND instance_id = $2`, [
      hubName,
      instanceId,
    ]);
    return result.rows[0]?.locked_by ?? null;
  }

  /** Instance and activity leases `owner` holds now (unexpired). */
  async leasesHeldBy(hubName: string, owner: string, schema = CHAOS_SCHEMA): Promise<number> {
    const t = postgresTables(schema);
    const result = await this.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM ${t.instances} WHERE hub = $1 AND locked_by = $2 AND lock_expires_at > $3)
            + (SELECT count(*) FROM ${t.activities} WHERE hub = $1 AND locked_by = $2 AND lock_expires_at > $3) AS n`,
      [hubName, owner, Date.now()],
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  async schemaExists(schema: string): Promise<boolean> {
    const result = await this.db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    return (result.rowCount ?? 0) > 0;
  }

  async schemaVersion(schema: string): Promise<string | undefined> {
    const t = postgresTables(schema);
    const result = await this.db.query<{ value: string }>(`SELECT value FROM ${t.meta} WHERE key = 'schema_version'`);
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
