/**
 * What an `@HttpTrigger` method may return to control the response. Any other return value is
 * sent as 200 with a JSON body (and `undefined` as 204).
 */
export interface HttpResponse {
  /** HTTP status code, 100–599. */
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object or array is sent as JSON, a string as text, a Buffer as bytes. */
  readonly body?: unknown;
}

const RESPONSE_KEYS: ReadonlySet<string> = new Set(['status', 'headers', 'body']);

/** True for a plain object with a numeric `status` and no keys besides `status`, `headers`, `body`. */
export function isHttpResponse(value: unknown): value is HttpResponse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.status === 'number' && Object.keys(record).every((k) => RESPONSE_KEYS.has(k));
}
