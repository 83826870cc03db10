import type { DependencyContainer } from 'tsyringe';
import { HttpRequestFailedError } from '../model/errors/http-request-failed-error';
import { HttpSecretNotFoundError } from '../model/errors/http-secret-not-found-error';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import {
  DEFAULT_HTTP_TIMEOUT_MS,
  DROPPED_RESPONSE_HEADERS,
  DURABLE_HTTP_METHODS,
  HTTP_ACTIVITY_NAME,
  SECRET_ONLY_HEADERS,
  checkUrl,
  type DurableHttpResponse,
  type HttpActivityInput,
} from '../orchestration/durable-http';
import type { ActivityFunction } from '../worker/function-code';
import { fetchFollowingRedirects } from './http-redirects';
import { EnvironmentHttpSecretResolver, HTTP_SECRET_RESOLVER, type HttpSecretResolver } from './http-secret-resolver';

export { HTTP_ACTIVITY_NAME };

/**
 * Registers what the built-in activities need in the host's container: the default
 * HttpSecretResolver (environment variables of `env`) unless the app registered its own.
 */
export function registerBuiltInActivityServices(container: DependencyContainer, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (!container.isRegistered(HTTP_SECRET_RESOLVER, true)) {
    container.registerInstance<HttpSecretResolver>(HTTP_SECRET_RESOLVER, new EnvironmentHttpSecretResolver(env));
  }
}

/** The built-in activity of that name (exact spelling), or undefined. Not part of the app's registry. */
export function builtInActivity(name: string, container: DependencyContainer): ActivityFunction | undefined {
  if (name !== HTTP_ACTIVITY_NAME) return undefined;
  return (input, context) => {
    const secrets = container.isRegistered(HTTP_SECRET_RESOLVER, true)
      ? container.resolve<HttpSecretResolver>(HTTP_SECRET_RESOLVER)
      : new EnvironmentHttpSecretResolver();
    return performHttpRequest(input, secrets, globalThis.fetch, context.signal);
  };
}

/**
 * `BuiltIn::HttpActivity`: sends ONE request with global fetch (secrets looked up now, never
 * returned), following redirects (secret headers only on the first request's origin, see
 * fetchFollowingRedirects), and returns status, headers (lower-case names, Set-Cookie left out)
 * and the body as text. Any status is a response; only a missing response (connection error,
 * timeout, a redirect loop) throws. `timeoutMs` bounds the whole chain. `activitySignal` is the
 * activity's own (aborted at its functionTimeout or the call's `timeoutMs`): it cancels the
 * request in flight too, and the request then fails with the signal's reason.
 */
export async function performHttpRequest(
  input: unknown,
  secrets: HttpSecretResolver,
  fetchImpl: typeof fetch = globalThis.fetch,
  activitySignal?: AbortSignal,
): Promise<DurableHttpResponse> {
  const request = checkActivityInput(input);
  const secretValues: Record<string, string> = {};
  for (const [header, secretName] of Object.entries(request.secretHeaders ?? {})) {
    const value = await secrets.resolve(secretName);
    if (value === undefined || value === null || value === '') {
      const hint =
        secrets instanceof EnvironmentHttpSecretResolver
          ? secrets.describe(secretName)
          : 'the HttpSecretResolver registered under HTTP_SECRET_RESOLVER has no value for it';
      throw new HttpSecretNotFoundError(secretName, header, hint);
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new InvalidArgumentError(`secret '${secretName}'`, 'its value is not a string usable as a header value (no CR, LF or NUL)');
    }
    secretValues[header] = value;
  }

  activitySignal?.throwIfAborted();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const stopWithActivity = (): void => controller.abort();
  activitySignal?.addEventListener('abort', stopWithActivity, { once: true });
  try {
    const hop = { method: request.method, url: request.url, headers: request.headers ?? {}, ...(request.body !== undefined ? { body: request.body } : {}) };
    const response = await fetchFollowingRedirects(hop, secretValues, fetchImpl, controller.signal);
    const body = request.method === 'HEAD' ? '' : await response.text();
    return { statusCode: response.status, headers: responseHeaders(response.headers), body };
  } catch (error) {
    if (activitySignal?.aborted === true) throw activitySignal.reason;
    if (error instanceof HttpRequestFailedError) throw error;
    if (controller.signal.aborted) {
      throw new HttpRequestFailedError(request.method, request.url, `no complete response within ${request.timeoutMs} ms (timeoutMs)`);
    }
    throw new HttpRequestFailedError(request.method, request.url, describeFetchError(error), { cause: error });
  } finally {
    clearTimeout(timer);
    activitySignal?.removeEventListener('abort', stopWithActivity);
  }
}

function responseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (!(DROPPED_RESPONSE_HEADERS as readonly string[]).includes(lower)) out[lower] = value;
  });
  return out;
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)": the chain of causes. */
function describeFetchError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0 && current.message === '') current = current.errors[0];
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    const code = (current as { code?: unknown }).code;
    parts.push(`${current.message || current.name}${typeof code === 'string' && !current.message.includes(code) ? ` (${code})` : ''}`);
    current = current.cause;
  }
  return parts.join(': ') || 'unknown error';
}

/** The input comes from history; it was checked when scheduled, but a hand-made call is checked here too. */
function checkActivityInput(input: unknown): HttpActivityInput {
  const bad = (reason: string): never => {
    throw new InvalidArgumentError(`${HTTP_ACTIVITY_NAME} input`, reason);
  };
  if (typeof input !== 'object' || input === null) return bad('expected { method, url, headers?, body?, secretHeaders?, timeoutMs }');
  const value = input as Partial<Record<keyof HttpActivityInput, unknown>>;
  if (typeof value.method !== 'string' || !(DURABLE_HTTP_METHODS as readonly string[]).includes(value.method)) {
    return bad(`method must be one of ${DURABLE_HTTP_METHODS.join(', ')}`);
  }
  const url = checkUrl(value.url, `${HTTP_ACTIVITY_NAME} url`);
  const stringMap = (map: unknown, what: string): Record<string, string> | undefined => {
    if (map === undefined) return undefined;
    if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string')) return bad(`${what} must map names to strings`);
    return map as Record<string, string>;
  };
  const headers = stringMap(value.headers, 'headers');
  for (const name of Object.keys(headers ?? {})) {
    if ((SECRET_ONLY_HEADERS as readonly string[]).includes(name.toLowerCase())) return bad(`the ${name} header must be given through secretHeaders`);
  }
  const secretHeaders = stringMap(value.secretHeaders, 'secretHeaders');
  if (value.body !== undefined && typeof value.body !== 'string') return bad('body must be a string');
  const timeoutMs = value.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1) return bad('timeoutMs must be a positive integer');
  return {
    method: value.method,
    url,
    ...(headers !== undefined ? { headers } : {}),
    ...(typeof value.body === 'string' ? { body: value.body } : {}),
    ...(secretHeaders !== undefined ? { secretHeaders } : {}),
    timeoutMs,
  };
}
