import type { FastifyRequest } from 'fastify';
import { createSystemKeyCheck } from './system-key';

/** Which keys the caller of one request presented (checked in constant time). */
export interface CallerKeys {
  /** The caller presented the system key. */
  readonly systemKey: boolean;
  /** The name of the function key the caller presented, if any. */
  readonly functionKey: string | undefined;
  /** What the caller presented as a key (`code=` or `x-functions-key`), for scoped tokens. */
  readonly candidate: string | undefined;
}

const NO_KEYS: CallerKeys = { systemKey: false, functionKey: undefined, candidate: undefined };
const callers = new WeakMap<FastifyRequest, CallerKeys>();

/** Reads a request's keys against the configured ones: the system key and the named function keys. */
export function createKeyReader(systemKey: string | undefined, functionKeys: Readonly<Record<string, string>>): (request: FastifyRequest) => CallerKeys {
  const isSystemKey = systemKey !== undefined ? createSystemKeyCheck(systemKey) : () => false;
  const functionChecks = Object.entries(functionKeys).map(([name, key]) => ({ name, check: createSystemKeyCheck(key) }));
  return (request) => {
    const candidate = keyCandidate(request);
    if (candidate === undefined) return NO_KEYS;
    // Every key is compared, so the time taken does not tell which one matched.
    const matches = functionChecks.filter(({ check }) => check(candidate)).map(({ name }) => name);
    return { systemKey: isSystemKey(candidate), functionKey: matches[0], candidate };
  };
}

/** Records the keys of a request, for the route and error handlers that run after the hook. */
export function rememberCallerKeys(request: FastifyRequest, keys: CallerKeys): void {
  callers.set(request, keys);
}

/** The keys the request presented (none, when it was answered before they were read). */
export function callerKeysOf(request: FastifyRequest): CallerKeys {
  return callers.get(request) ?? NO_KEYS;
}

/** `code=` from the query (exactly once) or the `x-functions-key` header, as Azure Functions accepts keys. */
function keyCandidate(request: FastifyRequest): string | undefined {
  const query = request.query;
  const codes = typeof query === 'object' && query !== null ? Object.entries(query).filter(([k]) => k.toLowerCase() === 'code') : [];
  if (codes.length === 1) {
    const value: unknown = codes[0]?.[1];
    return typeof value === 'string' ? value : undefined;
  }
  if (codes.length > 1) return undefined;
  const header = request.headers['x-functions-key'];
  return typeof header === 'string' ? header : undefined;
}
