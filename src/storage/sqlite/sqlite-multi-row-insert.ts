import type Database from 'better-sqlite3';

/** A value bound to one column of one row. */
export type SqlValue = string | number | bigint | null;

/**
 * The row counts a statement is prepared for. A batch of n rows takes ceil(n / 64) statements:
 * each chunk uses the smallest size that holds it, padded with rows of NULLs that the statement
 * filters out, so a connection caches at most four statements per insert whatever the counts.
 */
export const ROW_CHUNK_SIZES = [1, 4, 16, 64] as const;

const LARGEST_CHUNK = ROW_CHUNK_SIZES[ROW_CHUNK_SIZES.length - 1] ?? 1;

/**
 * One INSERT of many rows, prepared lazily per chunk size on its connection. `target` is the
 * INSERT's head (`INSERT INTO t (hub, a, b)`), `select` the select list over the padded VALUES
 * rows, whose columns SQLite names column1, column2, … (`?, column1, column2`: the leading `?`
 * is bound to `lead`, e.g. the hub). Rows are inserted in the order given; the first column of
 * a real row must never be NULL (that is how padding is told apart).
 */
export class MultiRowInsert<R = never> {
  private readonly prepared = new Map<number, Database.Statement<unknown[], R>>();

  constructor(
    private readonly db: Database.Database,
    private readonly target: string,
    private readonly select: string,
    private readonly width: number,
    private readonly returning = '',
  ) {}

  /** Inserts `rows` (each `width` values); returns the RETURNING rows, if the insert has them. */
  run(lead: SqlValue, rows: readonly (readonly SqlValue[])[]): R[] {
    const returned: R[] = [];
    for (let start = 0; start < rows.length; start += LARGEST_CHUNK) {
      const chunk = rows.slice(start, start + LARGEST_CHUNK);
      const size = ROW_CHUNK_SIZES.find((candidate) => candidate >= chunk.length) ?? LARGEST_CHUNK;
      const values: SqlValue[] = [lead];
      for (const row of chunk) values.push(...row);
      for (let padding = (size - chunk.length) * this.width; padding > 0; padding--) values.push(null);
      const statement = this.statement(size);
      if (this.returning === '') statement.run(values);
      else returned.push(...statement.all(values));
    }
    return returned;
  }

  private statement(size: number): Database.Statement<unknown[], R> {
    const cached = this.prepared.get(size);
    if (cached !== undefined) return cached;
    const row = `(${Array.from({ length: this.width }, () => '?').join(', ')})`;
    const sql = `${this.target} SELECT ${this.select} FROM (VALUES ${Array.from({ length: size }, () => row).join(', ')})
      WHERE column1 IS NOT NULL${this.returning === '' ? '' : ` RETURNING ${this.returning}`}`;
    const statement = this.db.prepare<unknown[], R>(sql);
    this.prepared.set(size, statement);
    return statement;
  }
}
