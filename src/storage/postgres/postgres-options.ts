import type { PoolConfig } from 'pg';
import { systemClock, type Clock } from '../../model/clock';
import { ConfigurationError } from '../../model/errors/configuration-error';
import { silentLogger, type Logger } from '../../model/logger';

export interface PostgresStorageOptions {
  /**
   * `postgres://user:password@host:port/database`. When absent, `pg` takes the standard `PG*`
   * environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD) and its defaults.
   */
  readonly connectionString?: string;
  /** The task hub: every row is scoped to it, so one database (and schema) can hold many hubs. */
  readonly hubName: string;
  /** Extra `pg.Pool` settings (size, TLS, …); `connectionString` wins over connection fields here. */
  readonly pool?: PoolConfig;
  /** The PostgreSQL schema that holds the tables; created if missing. Defaults to 'durable'. */
  readonly schema?: string;
  /** Where the provider reads the time for rows it stamps itself; defaults to the system clock. */
  readonly clock?: Clock;
  /** Where the provider reports connections lost and restored and other recovered failures; the host passes its own. */
  readonly logger?: Logger;
  /**
   * Run parameterised statements as named prepared statements, parsed and planned once per
   * connection (default true). Turn off behind a connection pooler in transaction mode that does
   * not track prepared statements (PgBouncer before 1.21, or without `max_prepared_statements`).
   */
  readonly preparedStatements?: boolean;
}

export interface ResolvedPostgresStorageOptions {
  readonly hubName: string;
  readonly schema: string;
  /** The pool configuration with the connection string and the bounded connect timeout applied. */
  readonly poolConfig: PoolConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly preparedStatements: boolean;
}

export const DEFAULT_POSTGRES_SCHEMA = 'durable';

/** How long one connection attempt may take before it fails (unless `pool` sets its own). */
export const POSTGRES_CONNECTION_TIMEOUT_MS = 5000;

/** A plain, unquoted-safe identifier: what `schema` must be (it is also quoted in every statement). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Checks the options and fills in defaults; throws ConfigurationError naming every problem. */
export function resolvePostgresStorageOptions(options: PostgresStorageOptions): ResolvedPostgresStorageOptions {
  const problems: string[] = [];
  if (typeof options.hubName !== 'string' || options.hubName.trim().length === 0) {
    problems.push('hubName must be a non-empty string');
  }
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    problems.push(`schema must be 1 to 63 letters, digits or underscores, not starting with a digit, not ${JSON.stringify(schema)}`);
  }
  const { connectionString } = options;
  if (connectionString !== undefined && (typeof connectionString !== 'string' || connectionString.trim().length === 0)) {
    problems.push('connectionString must be a non-empty string when given');
  }
  if (options.preparedStatements !== undefined && typeof options.preparedStatements !== 'boolean') {
    problems.push('preparedStatements must be true or false');
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid PostgreSQL storage options: ${problems.join('; ')}.`, problems);
  }
  const poolConfig: PoolConfig = {
    application_name: 'durable-ts',
    connectionTimeoutMillis: POSTGRES_CONNECTION_TIMEOUT_MS,
    ...options.pool,
    ...(connectionString !== undefined ? { connectionString } : {}),
  };
  return {
    hubName: options.hubName,
    schema,
    poolConfig,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    preparedStatements: options.preparedStatements ?? true,
  };
}

/** True when `name` can be used as the schema name. */
export function isValidPostgresSchemaName(name: string): boolean {
  return IDENTIFIER.test(name);
}
