import type Database from 'better-sqlite3';

/** A value bound to one column of one row. */
export type SqlValue = string | number | bigint | null;

/**
 * The row counts a statement is prepared for. A batch of n rows takes ceil(n / 64) statements:
 * each chunk uses the smallest size that holds it, padded with rows of NULLs that the statement
 * skips, so a connection caches at most four statements per text whatever the counts.
 */
export const ROW_CHUNK_SIZES = [1, 4, 16, 64] as const;

const LARGEST_CHUNK = ROW_CHUNK_SIZES[ROW_CHUNK_SIZES.length - 1] ?? 1;

/**
 * Where a statement's rows come from. Several rows: `from` is `FROM (VALUES …) AS e`, column n
 * of a row is `e.column<n>` and `real` skips the padding rows. One row: no FROM, its columns are
 * the named parameters `@c<n>` and `real` is true. A lone row is the common case (one episode,
 * one event), and there a plain statement is cheaper than a join over a one-row VALUES clause.
 */
export interface RowSource {
  readonly single: boolean;
  readonly from: string;
  readonly real: string;
  column(n: number): string;
  /**
   * ` RETURNING list` for several rows; nothing for one, whose result the statement's
   * `oneRowResult` makes from the run's changes and rowid (a SELECT returns its rows either way): a RETURNING clause cost more than the
   * rest of a one-row statement here (about 10 µs against 5, measured in the bench's histogram).
   */
  returning(list: string): string;
}

const ONE_ROW: RowSource = { single: true, from: '', real: '1', column: (n) => `@c${n}`, returning: () => '' };

function valuesSource(size: number, width: number): RowSource {
  const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return {
    single: false,
    from: `FROM (VALUES ${Array.from({ length: size }, () => row).join(', ')}) AS e`,
    real: 'e.column1 IS NOT NULL',
    column: (n) => `e.column${n}`,
    returning: (list) => ` RETURNING ${list}`,
  };
}

/**
 * One statement over many rows, prepared lazily per chunk size on its connection from `sqlFor`.
 * A real row's first column is never NULL (a padding row's always is). Other parameters are
 * named (`@hub`). Rows are taken in the order given.
 */
export class MultiRowStatement<R = never> {
  private readonly prepared = new Map<number, Database.Statement<unknown[], R>>();

  constructor(
    private readonly db: Database.Database,
    private readonly sqlFor: (rows: RowSource) => string,
    readonly width: number,
    private readonly oneRowResult: (row: readonly SqlValue[], result: Database.RunResult) => R[] = () => [],
  ) {}

  /** Runs the statement over `rows` (each `width` values); returns the rows it returns, if any. */
  run(named: Readonly<Record<string, SqlValue>>, rows: readonly (readonly SqlValue[])[]): R[] {
    const returned: R[] = [];
    for (let start = 0; start < rows.length; start += LARGEST_CHUNK) {
      const chunk = rows.slice(start, start + LARGEST_CHUNK);
      const size = ROW_CHUNK_SIZES.find((candidate) => candidate >= chunk.length) ?? LARGEST_CHUNK;
      const statement = this.statement(size);
      const [row] = chunk;
      if (size === 1 && row !== undefined) {
        const params = { ...named, ...oneRowParams(row) };
        returned.push(...(statement.reader ? statement.all(params) : this.oneRowResult(row, statement.run(params))));
      }
      else if (statement.reader) returned.push(...statement.all(...valuesOf(chunk, size, this.width, named)));
      else statement.run(...valuesOf(chunk, size, this.width, named));
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
    const statement = this.db.prepare<unknown[], R>(this.sqlFor(size === 1 ? ONE_ROW : valuesSource(size, this.width)));
    this.prepared.set(size, statement);
    return statement;
  }
}

function oneRowParams(row: readonly SqlValue[]): Record<string, SqlValue> {
  const params: Record<string, SqlValue> = {};
  row.forEach((value, index) => {
    params[`c${index + 1}`] = value;
  });
  return params;
}

function valuesOf(chunk: readonly (readonly SqlValue[])[], size: number, width: number, named: Readonly<Record<string, SqlValue>>): unknown[] {
  const values: unknown[] = [];
  for (const row of chunk) values.push(...row);
  for (let padding = (size - chunk.length) * width; padding > 0; padding--) values.push(null);
  values.push(named);
  return values;
}

/**
 * An INSERT of rows: `select` lists the inserted values given how to refer to a row's columns;
 * `returning`: what the insert returns, and how to make it for one row (see RowSource.returning).
 */
export function insertRows<R = never>(
  db: Database.Database,
  target: string,
  select: (column: (n: number) => string) => string,
  width: number,
  returning?: { readonly list: string; readonly oneRowResult: (row: readonly SqlValue[], result: Database.RunResult) => R[] },
): MultiRowStatement<R> {
  return new MultiRowStatement<R>(
    db,
    (rows) => {
      const tail = returning === undefined ? '' : rows.returning(returning.list);
      return rows.single ? `${target} VALUES (${select(rows.column)})${tail}` : `${target} SELECT ${select(rows.column)} ${rows.from} WHERE ${rows.real}${tail}`;
    },
    width,
    returning?.oneRowResult,
  );
}
