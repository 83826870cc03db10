import pg, { type ClientConfig } from 'pg';
import { ConfigurationError } from '../../model/errors/configuration-error';

/** Where a configuration connects to, as `pg` resolves it (connection string, PG* variables, defaults). */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string | undefined;
}

/**
 * Resolves the server, port, database and user that `config` connects to, without connecting.
 * Never returns the password. @throws ConfigurationError when the connection string cannot be
 * parsed (the message does not repeat it, since it may hold a password).
 */
export function resolvePostgresTarget(config: ClientConfig): PostgresTarget {
  let client: pg.Client;
  try {
    client = new pg.Client(config);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const problem = `connectionString is not a valid PostgreSQL URL such as postgres://user:password@host:5432/database (${reason})`;
    throw new ConfigurationError(`Invalid PostgreSQL storage options: ${problem}.`, [problem]);
  }
  return { host: client.host, port: client.port, database: client.database ?? client.user ?? '', user: client.user };
}

/** `user@host:port/database`: names the target for messages and logs, never the password. */
export function describePostgresTarget(target: PostgresTarget): string {
  const user = target.user === undefined ? '' : `${target.user}@`;
  return `${user}${target.host}:${target.port}/${target.database}`;
}

/**
 * `user@host:port/database` for a connection string (or, when absent, for the PG* variables and
 * defaults), for logs: never the password. An unparseable string is described, not repeated.
 */
export function describePostgresConnection(connectionString: string | undefined): string {
  try {
    return describePostgresTarget(resolvePostgresTarget(connectionString === undefined ? {} : { connectionString }));
  } catch {
    return '(an invalid connection string)';
  }
}
