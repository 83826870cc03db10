import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from './postgres-tables';

/**
 * Most distinct statement texts one process prepares. The provider's texts are a fixed set (plus
 * the filter combinations of instance queries), so the bound is never reached in practice; it only
 * keeps a caller that built texts without end from growing every connection's statement cache.
 * Texts past it run unnamed, as before.
 */
export const MAX_PREPARED_STATEMENTS = 512;

/** What `pg` runs a query with: its text, parameters and, when prepared, the statement's name. */
type Target = { query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> };

/**
 * Names parameterised statements so that each connection parses and plans them once (`pg` sends
 * Parse the first time a connection sees a name and only Bind/Execute after): a large statement
 * such as an episode commit costs its planning on every call otherwise. A name is derived from the
 * text, so equal texts share it on every connection and different texts never collide. Texts
 * without parameters (BEGIN, COMMIT, NOTIFY batches) go through the simple protocol, unnamed.
 */
export class PreparedStatementNames {
  private readonly names = new Map<string, string>();

  constructor(
    readonly enabled: boolean,
    private readonly capacity = MAX_PREPARED_STATEMENTS,
  ) {}

  /** The query `pg` should run for `text` and `values`. */
  config(text: string, values: unknown[] | undefined): pg.QueryConfig {
    if (values === undefined || !this.enabled) return values === undefined ? { text } : { text, values };
    const name = this.nameOf(text);
    return name === undefined ? { text, values } : { name, text, values };
  }

  /** How many texts have a name. */
  get size(): number {
    return this.names.size;
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.capacity) return known;
    const name = `durable_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    this.names.set(text, name);
    return name;
  }
}

/** A pool or pooled connection whose parameterised queries run as named (prepared) statements. */
export class PreparingQueryable implements Queryable {
  constructor(
    private readonly target: Target,
    private readonly names: PreparedStatementNames,
  ) {}

  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.target.query<R>(this.names.config(text, values));
  }
}

/**
 * SQLSTATEs of a prepared statement that no longer fits its connection: its result type changed
 * under it (another process migrated the schema: 0A000 "cached plan must not change result type")
 * or the server no longer has it (26000, after a pooler reset the session). The statement works
 * on a new connection, which prepares it again, so the caller drops this one and retries.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (code === '26000') return true;
    if (code === '0A000' && /cached plan must not change result type/i.test(current.message)) return true;
  }
  return false;
}
