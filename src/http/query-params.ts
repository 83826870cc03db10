import { HttpProblem } from './http-problem';

/**
 * The value of one query parameter, its name matched ignoring case (as the Durable Functions
 * extension does); undefined when absent.
 * @throws HttpProblem INVALID_QUERY_PARAMETER when it is given more than once
 */
export function readQueryParam(query: unknown, name: string): string | undefined {
  const values = readQueryParamValues(query, name);
  if (values.length > 1) throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', `The query parameter '${name}' is given ${values.length} times; give it once.`);
  return values[0];
}

/** Every value of a query parameter that may be repeated, its name matched ignoring case, in order. */
export function readQueryParamValues(query: unknown, name: string): string[] {
  if (typeof query !== 'object' || query === null) return [];
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== wanted) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof item === 'string') values.push(item);
    }
  }
  return values;
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
