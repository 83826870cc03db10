import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type DurableHttpRequest } from 'durable-ts';
import {
  DEFAULT_HTTP_POLLING_INTERVAL_MS,
  MAX_HTTP_POLLING_INTERVAL_MS,
  nextPoll,
  prepareDurableHttpRequest,
  retryAfterMs,
  type HttpActivityInput,
} from '../../../src/orchestration/durable-http';
import { httpSecretEnvVariable, EnvironmentHttpSecretResolver } from '../../../src/host/http-secret-resolver';

function rejects(request: unknown, fragment: string): void {
  let caught: unknown;
  try {
    prepareDurableHttpRequest(request as DurableHttpRequest);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as Error).message).toContain(fragment);
}

describe('callHttp request validation', () => {
  it('normalises a valid request into the recorded activity input', () => {
    const prepared = prepareDurableHttpRequest({ method: 'post', url: new URL('https://example.test/a?b=1'), body: { x: 1 }, secretHeaders: { Authorization: 'api-token' } });
    expect(prepared).toEqual({
      activityInput: {
        method: 'POST',
        url: 'https://example.test/a?b=1',
        headers: { 'Content-Type': 'application/json' },
        body: '{"x":1}',
        secretHeaders: { Authorization: 'api-token' },
        timeoutMs: 30_000,
      },
      pollingEnabled: true,
      pollingIntervalMs: DEFAULT_HTTP_POLLING_INTERVAL_MS,
    });
    expect(prepareDurableHttpRequest({ method: 'PUT', url: 'http://h/', body: 'text', headers: { 'content-type': 'text/plain' } }).activityInput).toMatchObject({
      body: 'text',
      headers: { 'content-type': 'text/plain' },
    });
    expect(prepareDurableHttpRequest({ method: 'GET', url: 'http://h/', asynchronousPatternEnabled: true, enablePolling: false }).pollingEnabled).toBe(false);
  });

  it.each([
    [null, 'expected an object'],
    [{ method: 'CONNECT', url: 'http://h/' }, 'callHttp method'],
    [{ method: 'GET', url: 'ftp://h/' }, 'only http: and https:'],
    [{ method: 'GET', url: '/relative' }, 'absolute'],
    [{ method: 'GET', url: 42 }, 'absolute'],
    [{ method: 'GET', url: 'http://user:pw@h/' }, 'secretHeaders'],
    [{ method: 'GET', url: 'http://h/', body: 'x' }, 'cannot have a body'],
    [{ method: 'GET', url: 'http://h/', headers: { AUTHORIZATION: 'x' } }, 'secretHeaders'],
    [{ method: 'GET', url: 'http://h/', headers: { 'bad header': 'x' } }, 'not a valid header name'],
    [{ method: 'GET', url: 'http://h/', headers: { 'X-A': 'a\r\nInjected: 1' } }, 'without CR, LF'],
    [{ method: 'GET', url: 'http://h/', headers: { 'X-A': 1 } }, 'string value'],
    [{ method: 'GET', url: 'http://h/', headers: { 'X-A': 'a', 'x-a': 'b' } }, 'more than once'],
    [{ method: 'GET', url: 'http://h/', headers: { Authorization2: 'a' }, secretHeaders: { authorization2: 'k' } }, 'more than once'],
    [{ method: 'GET', url: 'http://h/', secretHeaders: { Authorization: 'Bearer abc.def' } }, 'NAME of a secret'],
    [{ method: 'GET', url: 'http://h/', secretHeaders: ['x'] }, 'header name → secret name'],
    [{ method: 'GET', url: 'http://h/', timeoutMs: 0 }, 'timeoutMs'],
    [{ method: 'GET', url: 'http://h/', pollingIntervalMs: 1.5 }, 'pollingIntervalMs'],
    [{ method: 'GET', url: 'http://h/', asynchronousPatternEnabled: 'yes' }, 'true or false'],
    [{ method: 'GET', url: 'http://h/', tokenSource: {} }, 'secretHeaders'],
    [{ method: 'GET', url: 'http://h/', retries: 3 }, 'accepted:'],
  ])('refuses %j', (request, fragment) => rejects(request, fragment));
});

describe('the asynchronous 202 pattern', () => {
  const now = new Date(Date.UTC(2026, 0, 1));
  const first: HttpActivityInput = {
    method: 'POST',
    url: 'https://api.test/v1/jobs',
    headers: { 'Content-Type': 'application/json', 'X-Trace': 't' },
    body: '{}',
    secretHeaders: { Authorization: 'api-token' },
    timeoutMs: 5000,
  };

  it('polls the Location with GET, the plain headers and, on the same origin, the secret headers', () => {
    const poll = nextPoll({ statusCode: 202, headers: { location: 'status/1', 'retry-after': '4' }, body: '' }, first, now, 30_000);
    expect(poll).toEqual({
      delayMs: 4000,
      request: { method: 'GET', url: 'https://api.test/v1/status/1', headers: { 'X-Trace': 't' }, secretHeaders: { Authorization: 'api-token' }, timeoutMs: 5000 },
    });
    const elsewhere = nextPoll({ statusCode: 202, headers: { Location: 'https://other.test/s' }, body: '' }, first, now, 30_000);
    expect(elsewhere?.request.secretHeaders).toBeUndefined();
    expect(elsewhere?.delayMs).toBe(30_000);
  });

  it('ends on any other status, or a 202 without a usable Location', () => {
    expect(nextPoll({ statusCode: 200, headers: { location: '/x' }, body: '' }, first, now, 1)).toBeUndefined();
    expect(nextPoll({ statusCode: 202, headers: {}, body: '' }, first, now, 1)).toBeUndefined();
    expect(nextPoll({ statusCode: 202, headers: { location: 'ftp://x/' }, body: '' }, first, now, 1)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    expect(retryAfterMs('10', now, 1)).toBe(10_000);
    expect(retryAfterMs(new Date(now.getTime() + 90_000).toUTCString(), now, 1)).toBe(90_000);
    expect(retryAfterMs(new Date(now.getTime() - 90_000).toUTCString(), now, 1)).toBe(0);
    expect(retryAfterMs('soon', now, 1234)).toBe(1234);
    expect(retryAfterMs(undefined, now, 1234)).toBe(1234);
    expect(retryAfterMs('999999', now, 1)).toBe(MAX_HTTP_POLLING_INTERVAL_MS);
  });
});

describe('the default secret resolver', () => {
  it('reads DURABLE_SECRET_<NAME> at call time', () => {
    expect(httpSecretEnvVariable('api-token')).toBe('DURABLE_SECRET_API_TOKEN');
    expect(httpSecretEnvVariable('vault.key_2')).toBe('DURABLE_SECRET_VAULT_KEY_2');
    const env: Record<string, string | undefined> = {};
    const resolver = new EnvironmentHttpSecretResolver(env);
    expect(resolver.resolve('api-token')).toBeUndefined();
    env.DURABLE_SECRET_API_TOKEN = 'v';
    expect(resolver.resolve('api-token')).toBe('v');
  });
});
