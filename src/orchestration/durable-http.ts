import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { encodeJson } from '../model/json-codec';

/** The name of the built-in activity that performs one HTTP request (as in Durable Functions). */
export const HTTP_ACTIVITY_NAME = 'BuiltIn::HttpActivity';

/** Methods `ctx.callHttp` accepts (case-insensitive). */
export const DURABLE_HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Request headers that carry credentials: only allowed through `secretHeaders`. */
export const SECRET_ONLY_HEADERS = ['authorization', 'proxy-authorization', 'cookie'] as const;

/** Response headers never returned to the orchestrator (nor recorded in history). */
export const DROPPED_RESPONSE_HEADERS = ['set-cookie', 'set-cookie2'] as const;

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Wait between polls when a 202 response has no usable Retry-After (Durable Functions' default). */
export const DEFAULT_HTTP_POLLING_INTERVAL_MS = 30_000;
/** Upper bound of one wait between polls, whatever Retry-After says. */
export const MAX_HTTP_POLLING_INTERVAL_MS = 60 * 60 * 1000;
const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit

/** What `ctx.callHttp` takes (Durable Functions' `CallHttpOptions`, with secrets by name). */
export interface DurableHttpRequest {
  /** GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS. */
  readonly method: string;
  /** An absolute http: or https: URL, without credentials. Recorded in history. */
  readonly url: string | URL;
  /**
   * Plain request headers, recorded in history. Authorization, Proxy-Authorization and Cookie
   * are refused here: give them through `secretHeaders`.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; any other value is sent as JSON (Content-Type application/json unless set). */
  readonly body?: unknown;
  /**
   * Header name → secret NAME, e.g. `{ Authorization: 'api-token' }`. Only the names are recorded;
   * the values are looked up when the request is sent, by the host's HttpSecretResolver (by
   * default the environment variable `DURABLE_SECRET_API_TOKEN`), and never written to history.
   */
  readonly secretHeaders?: Readonly<Record<string, string>>;
  /** Follow the asynchronous 202 + Location pattern with durable timers (default true). */
  readonly asynchronousPatternEnabled?: boolean;
  /** Durable Functions v3 spelling of `asynchronousPatternEnabled`; takes precedence when both are given. */
  readonly enablePolling?: boolean;
  /** Timeout of each single request (the first and every poll), default 30 s. */
  readonly timeoutMs?: number;
  /** Wait between polls when a 202 response has no Retry-After header, default 30 s. */
  readonly pollingIntervalMs?: number;
}

/** What `ctx.callHttp` resolves to; any status, 4xx and 5xx included, is a response, not an error. */
export interface DurableHttpResponse {
  readonly statusCode: number;
  /** Response headers, names in lower case (Set-Cookie is left out). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text ('' when there is none); parse it yourself, e.g. JSON.parse(response.body). */
  readonly body: string;
}

/** The input of one `BuiltIn::HttpActivity` call: exactly what history records. No secret values. */
export interface HttpActivityInput {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Header name → secret name. */
  readonly secretHeaders?: Record<string, string>;
  readonly timeoutMs: number;
}

/** A validated request: the first activity input plus how to poll. */
export interface PreparedHttpRequest {
  readonly activityInput: HttpActivityInput;
  readonly pollingEnabled: boolean;
  readonly pollingIntervalMs: number;
}

const KNOWN_OPTIONS = new Set([
  'method',
  'url',
  'headers',
  'body',
  'secretHeaders',
  'asynchronousPatternEnabled',
  'enablePolling',
  'timeoutMs',
  'pollingIntervalMs',
]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
// eslint-disable-next-line no-control-regex
const BAD_HEADER_VALUE = /[\r\n\u0000]/;

/**
 * Checks a `ctx.callHttp` request and turns it into the activity input that history records.
 * @throws InvalidArgumentError naming the field and what is accepted.
 */
export function prepareDurableHttpRequest(request: DurableHttpRequest): PreparedHttpRequest {
  if (typeof request !== 'object' || request === null) {
    throw new InvalidArgumentError('callHttp request', 'expected an object { method, url, headers?, body?, secretHeaders? }');
  }
  for (const [key, value] of Object.entries(request)) {
    if (KNOWN_OPTIONS.has(key) || value === undefined) continue;
    const hint = key === 'tokenSource' ? 'token sources are not supported; pass the token through secretHeaders' : `accepted: ${[...KNOWN_OPTIONS].join(', ')}`;
    throw new InvalidArgumentError(`callHttp option '${key}'`, hint);
  }
  const method = checkMethod(request.method);
  const url = checkUrl(request.url, 'callHttp url');
  let headers = checkHeaders(request.headers);
  const secretHeaders = checkSecretHeaders(request.secretHeaders, headers);
  let body: string | undefined;
  if (request.body !== undefined && request.body !== null) {
    if (method === 'GET' || method === 'HEAD') throw new InvalidArgumentError('callHttp body', `a ${method} request cannot have a body`);
    if (typeof request.body === 'string') body = request.body;
    else {
      body = encodeJson(request.body, 'Body of callHttp');
      if (!hasHeader(headers ?? {}, 'content-type')) headers = { ...headers, 'Content-Type': 'application/json' };
    }
  }
  const timeoutMs = checkMs(request.timeoutMs, 'callHttp timeoutMs', 1, MAX_TIMEOUT_MS) ?? DEFAULT_HTTP_TIMEOUT_MS;
  const pollingIntervalMs = checkMs(request.pollingIntervalMs, 'callHttp pollingIntervalMs', 0, MAX_HTTP_POLLING_INTERVAL_MS) ?? DEFAULT_HTTP_POLLING_INTERVAL_MS;
  const pollingEnabled = checkFlag(request.enablePolling, 'callHttp enablePolling') ?? checkFlag(request.asynchronousPatternEnabled, 'callHttp asynchronousPatternEnabled') ?? true;
  return {
    activityInput: {
      method,
      url,
      ...(headers !== undefined && Object.keys(headers).length > 0 ? { headers } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(secretHeaders !== undefined ? { secretHeaders } : {}),
      timeoutMs,
    },
    pollingEnabled,
    pollingIntervalMs,
  };
}

/**
 * After a response: the next poll of the asynchronous pattern (a 202 with a usable Location), or
 * undefined when `response` is the final one. Pure: it depends only on recorded values.
 */
export function nextPoll(
  response: DurableHttpResponse,
  previous: HttpActivityInput,
  now: Date,
  defaultDelayMs: number,
): { request: HttpActivityInput; delayMs: number } | undefined {
  if (response.statusCode !== 202) return undefined;
  const location = headerValue(response.headers, 'location');
  if (location === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(location, previous.url);
  } catch {
    return undefined; // a Location that is no URL cannot be polled: the 202 is the final answer
  }
  if ((target.protocol !== 'http:' && target.protocol !== 'https:') || target.username !== '' || target.password !== '') return undefined;
  const sameOrigin = target.origin === new URL(previous.url).origin;
  const headers = previous.headers && Object.fromEntries(Object.entries(previous.headers).filter(([name]) => !/^content-(type|length)$/i.test(name)));
  const request: HttpActivityInput = {
    method: 'GET',
    url: target.href,
    ...(headers !== undefined && Object.keys(headers).length > 0 ? { headers } : {}),
    // Credentials go only where the first request went, like fetch does on redirects.
    ...(previous.secretHeaders !== undefined && sameOrigin ? { secretHeaders: previous.secretHeaders } : {}),
    timeoutMs: previous.timeoutMs,
  };
  return { request, delayMs: retryAfterMs(headerValue(response.headers, 'retry-after'), now, defaultDelayMs) };
}

/** Retry-After (delta-seconds or an HTTP date) in ms, capped; `fallbackMs` when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date, fallbackMs: number): number {
  const text = value?.trim();
  let ms = fallbackMs;
  if (text !== undefined && /^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (text !== undefined && text !== '') {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) ms = Math.max(0, at - now.getTime());
  }
  return Math.min(ms, MAX_HTTP_POLLING_INTERVAL_MS);
}

function headerValue(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (headers === undefined || typeof headers !== 'object') return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function checkMethod(method: unknown): string {
  const upper = typeof method === 'string' ? method.trim().toUpperCase() : undefined;
  if (upper === undefined || !(DURABLE_HTTP_METHODS as readonly string[]).includes(upper)) {
    throw new InvalidArgumentError('callHttp method', `expected one of ${DURABLE_HTTP_METHODS.join(', ')}, got ${JSON.stringify(method) ?? String(method)}`);
  }
  return upper;
}

/** Checks an absolute http(s) URL without credentials and returns its normalised text. */
export function checkUrl(url: unknown, what: string): string {
  let parsed: URL;
  try {
    if (typeof url !== 'string' && !(url instanceof URL)) throw new TypeError('not a URL');
    parsed = new URL(url instanceof URL ? url.href : url);
  } catch {
    throw new InvalidArgumentError(what, `expected an absolute http: or https: URL, got ${typeof url === 'string' ? JSON.stringify(url) : typeof url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError(what, `only http: and https: URLs are accepted, got ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InvalidArgumentError(what, 'credentials in the URL would be written to history; send them as a header through secretHeaders');
  }
  return parsed.href;
}

function checkHeaders(headers: unknown): Record<string, string> | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers !== 'object' || Array.isArray(headers)) throw new InvalidArgumentError('callHttp headers', 'expected an object of header name → string value');
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    checkHeaderName(name, 'callHttp headers', seen);
    if ((SECRET_ONLY_HEADERS as readonly string[]).includes(name.toLowerCase())) {
      throw new InvalidArgumentError(
        `callHttp header '${name}'`,
        `it carries credentials and plain headers are written to history; pass it as secretHeaders: { '${name}': '<secret name>' } and let the host's HttpSecretResolver supply the value`,
      );
    }
    if (typeof value !== 'string' || BAD_HEADER_VALUE.test(value)) {
      throw new InvalidArgumentError(`callHttp header '${name}'`, 'expected a string value without CR, LF or NUL characters');
    }
    out[name] = value;
  }
  return out;
}

function checkSecretHeaders(secretHeaders: unknown, headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (secretHeaders === undefined || secretHeaders === null) return undefined;
  if (typeof secretHeaders !== 'object' || Array.isArray(secretHeaders)) {
    throw new InvalidArgumentError('callHttp secretHeaders', "expected an object of header name → secret name, e.g. { Authorization: 'api-token' }");
  }
  const out: Record<string, string> = {};
  const seen = new Set(Object.keys(headers ?? {}).map((k) => k.toLowerCase()));
  for (const [name, secret] of Object.entries(secretHeaders)) {
    checkHeaderName(name, 'callHttp secretHeaders', seen);
    if (typeof secret !== 'string' || !SECRET_NAME.test(secret)) {
      throw new InvalidArgumentError(
        `callHttp secretHeaders['${name}']`,
        'expected the NAME of a secret (1-128 characters: letters, digits, _ . -, starting with a letter or digit), not its value',
      );
    }
    out[name] = secret;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function checkHeaderName(name: string, what: string, seen: Set<string>): void {
  if (!TOKEN.test(name)) throw new InvalidArgumentError(what, `${JSON.stringify(name)} is not a valid header name`);
  const lower = name.toLowerCase();
  if (seen.has(lower)) throw new InvalidArgumentError(what, `the header '${name}' is given more than once (names are case-insensitive, across headers and secretHeaders)`);
  seen.add(lower);
}

function checkMs(value: unknown, what: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(what, `expected an integer number of milliseconds from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function checkFlag(value: unknown, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(what, `expected true or false, got ${String(value)}`);
  return value;
}
