import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

/** The server the PostgreSQL tests use unless DURABLE_PG_URL names another. */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** How long the reachability probe may take in all (its connect attempt gets 3 s of it). */
const PROBE_TIMEOUT_MS = 10_000;

export interface PostgresAvailability {
  readonly available: boolean;
  /** Why not, when not available (the URL is shown without its password). */
  readonly reason: string;
}

export function testPostgresUrl(): string {
  const url = process.env.DURABLE_PG_URL;
  return url !== undefined && url.trim() !== '' ? url : DEFAULT_TEST_POSTGRES_URL;
}

/** The URL with any password replaced by `***`, for messages. */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable connection string)';
  }
}

// Runs in a child process: connect, SELECT 1, exit 0; else print why and exit 1.
const PROBE = `
const { Client } = require('pg');
const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
client.connect().then(() => client.query('SELECT 1')).then(() => client.end()).then(
  () => process.exit(0),
  (e) => { process.stderr.write(String((e && (e.message || e.code)) || e)); process.exit(1); });
`;

let cached: PostgresAvailability | undefined;

/**
 * Whether the test server answers a real query (so wrong credentials or a missing database count
 * as unavailable, not just a closed port). Synchronous, so `describe` can be chosen while tests
 * are collected: it runs a short child process (no top-level await, no reliance on `pg_isready`
 * being installed) with a hard time limit. The answer is cached per test worker.
 */
export function checkPostgres(): PostgresAvailability {
  if (cached !== undefined) return cached;
  const url = testPostgresUrl();
  const probe = spawnSync(process.execPath, ['-e', PROBE, url], { cwd: process.cwd(), encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
  const why = probe.error?.message ?? (probe.stderr.trim() || `the probe exited with ${String(probe.status ?? probe.signal)}`);
  cached = probe.status === 0 ? { available: true, reason: '' } : { available: false, reason: `PostgreSQL at ${redactPostgresUrl(url)} is not reachable: ${why}` };
  return cached;
}

export async function postgresAvailable(): Promise<boolean> {
  return checkPostgres().available;
}

/**
 * `describe` for tests that need PostgreSQL. When the server cannot be reached the tests are
 * skipped with a console message saying why and how to enable them, except under `CI=true`,
 * where an unreachable server is a failure (one failing test with the reason), never a skip.
 */
export function describeIfPostgres(name: string, body: () => void): void {
  const { available, reason } = checkPostgres();
  if (available) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs a reachable PostgreSQL server (CI=true: an unreachable server fails instead of skipping)', () => {
        throw new Error(`${reason}. Start the server or set DURABLE_PG_URL.`);
      });
    });
    return;
  }
  console.warn(
    `[durable-ts tests] Skipping "${name}": ${reason}. To run these tests, start PostgreSQL or set ` +
      `DURABLE_PG_URL=postgres://user:password@host:port/database (default ${DEFAULT_TEST_POSTGRES_URL}). ` +
      'With CI=true an unreachable server fails these tests instead.',
  );
  describe.skip(name, body);
}
