import type pg from 'pg';
import type { PreparedStatementNames } from './postgres-prepared-statements';
import type { Queryable } from './postgres-tables';

/**
 * One transaction on a pooled connection in `pg`'s pipeline mode, framed so that it costs one
 * round trip more than its statements instead of three: BEGIN is written together with the first
 * statement (both are on the wire before either answer is read), and COMMIT goes out in one
 * simple-protocol query behind the transaction's NOTIFY calls (`noticeSql`), which the server
 * delivers only at commit anyway. In that query an error in a NOTIFY skips the COMMIT and leaves
 * the transaction aborted, as a failed statement does. A body that sends no statement opens no
 * transaction; its notices, if any, go out by themselves. Parameterised statements run prepared
 * (see PreparedStatementNames).
 */
export class PipelinedTransaction implements Queryable {
  private begun = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: PreparedStatementNames,
  ) {}

  /** True once BEGIN was sent: from then on, a failure needs a ROLLBACK. */
  get started(): boolean {
    return this.begun;
  }

  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    const config = this.names.config(text, values);
    if (this.begun) return this.client.query<R>(config);
    this.begun = true;
    // Both promises are awaited together, so a rejection of either is handled.
    const [, result] = await Promise.all([this.client.query('BEGIN'), this.client.query<R>(config)]);
    return result;
  }

  /** Sends `noticeSql` (zero or more `;`-separated statements without parameters) and COMMIT as one query. */
  async commit(noticeSql: string | undefined): Promise<void> {
    if (!this.begun) {
      if (noticeSql !== undefined) await this.client.query(noticeSql);
      return;
    }
    await this.client.query(noticeSql === undefined ? 'COMMIT' : `${noticeSql}; COMMIT`);
  }
}
