import type { FastifyInstance } from 'fastify';
import type { Logger } from 'durable-ts';
import type { Constructor } from '../../../src/registry/function-registration';
import type { TriggerClass } from '../../../src/http/app-triggers';
import { createHttpServer } from '../../../src/http/http-server';
import type { HttpServerConfig } from '../../../src/http/http-config';
import { silentLogger, startTestHost, type TestHost } from '../../support/test-host';

export interface HttpTestHost extends TestHost {
  readonly server: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
}

/** A started test host (hub TestHub) with a durable HTTP server listening on an ephemeral loopback port. */
export async function startHttpTestHost(options: {
  functions: readonly Constructor[];
  triggers?: readonly TriggerClass[];
  systemKey?: string;
  bodyLimitBytes?: number;
  logger?: Logger;
  /** More server settings (function keys, base URL, allowed origins and hosts, …). */
  http?: Omit<HttpServerConfig, 'routePrefix'>;
  /** host.json `extensions.durableTask` settings over the defaults (hub TestHub on a fresh SQLite file). */
  durableTask?: Record<string, unknown>;
}): Promise<HttpTestHost> {
  const t = await startTestHost(options.functions, options.durableTask ?? {}, { drainTimeoutMs: 2_000 });
  try {
    const server = createHttpServer({
      client: t.host.client,
      config: {
        routePrefix: t.host.config.httpRoutePrefix,
        ...options.http,
        ...(options.systemKey !== undefined ? { systemKey: options.systemKey } : {}),
        ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
      },
      ...(options.triggers !== undefined
        ? { appTriggers: { classes: options.triggers, resolve: (cls: TriggerClass) => t.host.container.resolve(cls as unknown as Parameters<typeof t.host.container.resolve>[0]) } }
        : {}),
      // As the host's createHttpServer passes it: signals to unregistered entity names get 404.
      entities: t.host.registry,
      logger: options.logger ?? silentLogger,
    });
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    return {
      ...t,
      server,
      url,
      stop: async () => {
        await server.close();
        await t.stop();
      },
      dispose: async () => {
        await server.close();
        await t.dispose();
      },
    };
  } catch (error) {
    await t.dispose();
    throw error;
  }
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** fetch, with the body read as JSON (`{}` for an empty body). */
export async function fetchJson(url: string, init?: RequestInit): Promise<JsonResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Calls `read` until `done` holds for its value (every 25 ms, for at most `timeoutMs`). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** GETs a status URL until it answers something other than 202. */
export async function pollUntilDone(statusUrl: string, timeoutMs = 20_000): Promise<JsonResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetchJson(statusUrl);
    if (response.status !== 202) return response;
    if (Date.now() > deadline) throw new Error(`still 202 after ${timeoutMs} ms: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** GETs a status URL until its runtimeStatus is one of `statuses` (and, when given, `until` holds). */
export async function waitForStatus(
  statusUrl: string,
  statuses: readonly string[],
  until: (body: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<JsonResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetchJson(statusUrl);
    if (statuses.includes(String(response.body.runtimeStatus)) && until(response.body)) return response;
    if (Date.now() > deadline) throw new Error(`not ${statuses.join('/')} after ${timeoutMs} ms: ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `{eventName}` and `{text}` of a check-status URL filled in, as a client does. */
export function fillUrl(template: string, values: { eventName?: string; text?: string } = {}): string {
  return template.replace('{eventName}', encodeURIComponent(values.eventName ?? 'Approval')).replace('{text}', encodeURIComponent(values.text ?? ''));
}

/**
 * A request whose target is sent exactly as given (fetch would resolve `%2E` segments and
 * normalise the path), with any headers, Host and Origin included; the body read as JSON.
 */
export async function rawJson(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<JsonResponse> {
  const { request } = await import('node:http');
  const target = new URL(url);
  const path = url.slice(url.indexOf('/', target.protocol.length + 2));
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = request({ host: target.hostname, port: target.port, method: init.method ?? 'GET', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
