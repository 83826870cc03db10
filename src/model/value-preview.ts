const MAX_DEPTH = 4;
const MAX_ENTRIES = 20;

/**
 * A JSON-like preview of any value for error messages: safe on circular objects (`[Circular]`),
 * throwing getters, bigints and functions; depth and entry counts are bounded. Not parseable
 * JSON, and not meant to be: it is for people reading a failure.
 */
export function previewValue(value: unknown): string {
  return preview(value, [], 0);
}

/** The name of a thrown value's type: a class name for objects, `typeof` for the rest. */
export function typeNameOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return typeof value;
  try {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object'; // a Proxy or a throwing getter: a preview must never throw
  }
}

function preview(value: unknown, ancestors: object[], depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || '(anonymous)'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.includes(object)) return '[Circular]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : JSON.stringify(object.toISOString());
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? '[Array]' : `[${typeNameOf(object)}]`;
  const inner = [...ancestors, object];
  if (Array.isArray(object)) {
    const items = object.slice(0, MAX_ENTRIES).map((item) => preview(item, inner, depth + 1));
    if (object.length > MAX_ENTRIES) items.push(`… ${object.length - MAX_ENTRIES} more`);
    return `[${items.join(',')}]`;
  }
  const keys = Object.keys(object);
  const entries = keys.slice(0, MAX_ENTRIES).map((key) => `${JSON.stringify(key)}:${preview(readProperty(object, key), inner, depth + 1)}`);
  if (keys.length > MAX_ENTRIES) entries.push(`… ${keys.length - MAX_ENTRIES} more`);
  return `{${entries.join(',')}}`;
}

function readProperty(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch (error) {
    return `[getter threw ${typeNameOf(error)}]`;
  }
}
