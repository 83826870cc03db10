/** A server-side function whose body is one query returning the function's rows. */
export interface QueryFunction {
  /** Schema-qualified name. */
  readonly name: string;
  /** Parameter types, in order; the query refers to them as $1, $2, … */
  readonly parameters: string;
  /** The column list of `RETURNS TABLE (…)`. */
  readonly returns: string;
  /** `SET` clauses that hold only while the function runs (planner settings). */
  readonly settings: string;
  readonly query: string;
}

/**
 * `CREATE OR REPLACE FUNCTION` for `fn` in PL/pgSQL (schema version 8; versions 6 and 7 had them in
 * SQL). Why PL/pgSQL: PostgreSQL (before 18) plans the body of a SQL-language function that
 * cannot be inlined (one with `SET` clauses cannot) on every call, which cost a claim 0.5–0.7 ms
 * of planning on this server; PL/pgSQL keeps the query's plan for the session (0.1 ms). Column
 * names win over the `RETURNS TABLE` names, which PL/pgSQL would otherwise see as variables.
 */
export function queryFunctionDdl(fn: QueryFunction): string {
  return `
CREATE OR REPLACE FUNCTION ${fn.name}(${fn.parameters})
RETURNS TABLE (${fn.returns})
LANGUAGE plpgsql VOLATILE
${fn.settings}
AS $body$
#variable_conflict use_column
BEGIN
RETURN QUERY
${fn.query};
END
$body$`;
}
