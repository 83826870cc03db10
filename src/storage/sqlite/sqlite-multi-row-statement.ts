import type Database from 'better-sqlite3';

/** A value bound to one column of one row. */
export type SqlValue = string | number | bigint | null;

/**
 * The row counts a statement is prepared for. A batch of n rows takes ceil(n / 64) statements:
 * each chunk uses the smallest size that holds it, padded with rows of NULLs that the statement
 * filters out, so a connection caches at most four statements per text whatever the counts.
 */
export const ROW_CHUNK_SIZES = [1, 4, 16, 64] as const;

const LARGEST_CHUNK = ROW_CHUNK_SIZES[ROW_CHUNK_SIZES.length - 1] ?? 1;

/**
 * One statement over many rows, given as a VALUES clause, prepared lazily per chunk size on its
 * connection. `sqlFor` receives the clause (`VALUES (?, ?), (?, ?)`, whose columns SQLite names
 * column1, column2, …) and must skip the padding rows: a real row's first column is never NULL,
 * a padding row's always is (`WHERE column1 IS NOT NULL`). Other parameters are named (`@hub`).
 * Rows are taken in the order given.
 */
export class MultiRowStatement<R = never> {
  private readonly prepared = new Map<number, Database.Statement<unknown[], R>>();

  constructor(
    private readonly db: Database.Database,
    private readonly sqlFor: (values: string) => string,
    readonly width: number,
  ) {}

  /** Runs the statement over `rows` (each `width` values); returns the rows it returns, if any. */
  run(named: Readonly<Record<string, SqlValue>>, rows: readonly (readonly SqlValue[])[]): R[] {
    const returned: R[] = [];
    for (let start = 0; start < rows.length; start += LARGEST_CHUNK) {
      const chunk = rows.slice(start, start + LARGEST_CHUNK);
      const size = ROW_CHUNK_SIZES.find((candidate) => candidate >= chunk.length) ?? LARGEST_CHUNK;
      const values: unknown[] = [];
      for (const row of chunk) values.push(...row);
      for (let padding = (size - chunk.length) * this.width; padding > 0; padding--) values.push(null);
      values.push(named);
      const statement = this.statement(size);
      if (statement.reader) returned.push(...statement.all(...values));
      else statement.run(...values);
    }
    return returned;
  }

  /** The statement's text for `size` rows (one of ROW_CHUNK_SIZES), e.g. to inspect its plan. */
  sourceFor(size: (typeof ROW_CHUNK_SIZES)[number]): string {
    return this.statement(size).source;
  }

  private statement(size: number): Database.Statement<unknown[], R> {
    const cached = this.prepared.get(size);
    if (cached !== undefined) return cached;
    const row = `(${Array.from({ length: this.width }, () => '?').join(', ')})`;
    const statement = this.db.prepare<unknown[], R>(this.sqlFor(`VALUES ${Array.from({ length: size }, () => row).join(', ')}`));
    this.prepared.set(size, statement);
    return statement;
  }
}

/** `INSERT … SELECT select FROM (VALUES …)` without the padding rows; `returning` as in SQL, if any. */
export function insertRows<R = never>(db: Database.Database, target: string, select: string, width: number, returning = ''): MultiRowStatement<R> {
  return new MultiRowStatement<R>(
    db,
    (values) => `${target} SELECT ${select} FROM (${values}) WHERE column1 IS NOT NULL${returning === '' ? '' : ` RETURNING ${returning}`}`,
    width,
  );
}
