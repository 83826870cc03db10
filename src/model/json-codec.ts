import { NotJsonSerializableError } from './errors/not-json-serializable-error';

/**
 * Encodes a payload as JSON text, refusing values that would not come back as they went in
 * (functions, symbols, bigints, non-finite numbers, Maps, Sets, cycles). `undefined` encodes to
 * `undefined`: no payload.
 */
export function encodeJson(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, checkValue);
  } catch (error) {
    // Walk again to name the offending place; only on the error path.
    let problem: { path: string; reason: string } | undefined;
    try {
      problem = findProblem(value, '$', new Set());
    } catch {
      problem = { path: '$', reason: 'it is nested too deeply' };
    }
    if (problem === undefined && error instanceof RangeError) problem = { path: '$', reason: 'it is nested too deeply' };
    throw new NotJsonSerializableError(what, problem?.path ?? '$', problem?.reason ?? 'JSON.stringify failed');
  }
  if (text === undefined) throw new NotJsonSerializableError(what, '$', `a ${typeof value} has no JSON form`);
  return text;
}

/** Decodes JSON text written by `encodeJson`; `undefined` decodes to `undefined`. */
export function decodeJson<T = unknown>(text: string | undefined): T {
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

/** Size in bytes of a string as UTF-8. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

const encoder = new TextEncoder();

class Unserializable extends Error {}

function checkValue(this: unknown, _key: string, value: unknown): unknown {
  if (reasonFor(value) !== undefined) throw new Unserializable();
  return value;
}

function reasonFor(value: unknown): string | undefined {
  switch (typeof value) {
    case 'function':
      return 'a function has no JSON form';
    case 'symbol':
      return 'a symbol has no JSON form';
    case 'bigint':
      return 'a bigint has no JSON form (send it as a string)';
    case 'number':
      return Number.isFinite(value) ? undefined : `${String(value)} would become null`;
    case 'object':
      if (value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet) {
        return `a ${value.constructor.name} would become {} (convert it to an array or object)`;
      }
      if (value instanceof Promise) return 'a Promise would become {} (await it first)';
      return undefined;
    default:
      return undefined;
  }
}

function findProblem(value: unknown, path: string, seen: Set<object>): { path: string; reason: string } | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  const reason = reasonFor(value);
  if (reason !== undefined) return { path, reason };
  if (value === null || typeof value !== 'object') return undefined;
  if (seen.has(value)) return { path, reason: 'the value refers to itself (a cycle)' };
  seen.add(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
  for (const [suffix, child] of entries) {
    if (child === undefined) continue;
    const found = findProblem(child, path + suffix, seen);
    if (found) return found;
  }
  seen.delete(value);
  return undefined;
}
