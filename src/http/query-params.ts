import { HttpProblem } from './http-problem';

/**
 * The value of one query parameter, its name matched ignoring case (as the Durable Functions
 * extension does); undefined when absent.
 * @throws HttpProblem INVALID_QUERY_PARAMETER when it is given more than once
 */
export function readQueryParam(query: unknown, name: string): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const wanted = name.toLowerCase();
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() === wanted) values.push(...(Array.isArray(value) ? value : [value]));
  }
  if (values.length > 1) throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', `The query parameter '${name}' is given ${values.length} times; give it once.`);
  const [value] = values;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A boolean query parameter: `true` or `false` in any case; absent or empty gives `fallback`.
 * @throws HttpProblem INVALID_QUERY_PARAMETER for any other value
 */
export function readBooleanParam(query: unknown, name: string, fallback: boolean): boolean {
  const value = readQueryParam(query, name);
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', `The query parameter '${name}' is ${JSON.stringify(value)}; expected true or false.`);
}
