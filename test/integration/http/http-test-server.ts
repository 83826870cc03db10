import type { FastifyInstance } from 'fastify';
import type { Logger } from 'durable-ts';
import type { Constructor } from '../../../src/registry/function-registration';
import type { TriggerClass } from '../../../src/http/app-triggers';
import { createHttpServer } from '../../../src/http/http-server';
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
}): Promise<HttpTestHost> {
  const t = await startTestHost(options.functions, {}, { drainTimeoutMs: 2_000 });
  try {
    const server = createHttpServer({
      client: t.host.client,
      config: {
        routePrefix: t.host.config.httpRoutePrefix,
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
