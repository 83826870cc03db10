import type pg from 'pg';

/** Anything that runs a query: a pool, a pooled client inside a transaction, or a plain client. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Schema-qualified, quoted table names; the schema name is validated before it gets here. */
export interface PostgresTables {
  readonly schema: string;
  readonly meta: string;
  readonly hubs: string;
  readonly instances: string;
  readonly history: string;
  readonly messages: string;
  readonly activities: string;
  readonly workers: string;
}

export function postgresTables(schema: string): PostgresTables {
  const q = (table: string): string => `"${schema}".${table}`;
  return {
    schema: `"${schema}"`,
    meta: q('meta'),
    hubs: q('hubs'),
    instances: q('instances'),
    history: q('history'),
    messages: q('orchestration_messages'),
    activities: q('activity_items'),
    workers: q('workers'),
  };
}
