import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import type { Logger } from '../model/logger';
import type { AppTrigger, AppTriggerSource, TriggerClass } from './app-triggers';
import { assertAuthLevel, type ConfiguredKeys } from './auth-level-check';
import { requestBaseUrl } from './base-url';
import { callerKeysOf } from './caller-keys';
import type { WebhookSettings } from './check-status-payload';
import { HttpTriggerHelpers } from './http-trigger-helpers';
import { httpLogs } from './http-logs';
import { isHttpResponse } from './http-response';
import type { HttpTriggerRequest } from './http-trigger-request';
import { assertJsonContentType, RawBody, readJsonBody } from './json-body';
import { sendHttpResponse } from './send-http-response';

export interface AppTriggerRoutesOptions {
  readonly triggers: readonly AppTrigger[];
  readonly resolve: AppTriggerSource['resolve'];
  readonly settings: WebhookSettings;
  readonly keys: ConfiguredKeys;
  readonly client: DurableClient;
  readonly logger: Logger;
}

type Invocable = Record<string | symbol, unknown>;

/**
 * Registers one route per `@HttpTrigger`. Each request gets an instance from `resolve` and calls
 * the method with the request and the HttpTriggerHelpers; an HttpResponse it returns is sent
 * as it is, any other value as 200 JSON (`undefined` as 204). Thrown durable errors are mapped
 * like the built-in API's. A request that lacks the key the trigger's auth level needs is answered
 * 401 before the method runs.
 * @throws InvalidRegistrationError when a class cannot be resolved, or a route clashes with one
 *   that is registered already
 */
export function registerAppTriggerRoutes(app: FastifyInstance, options: AppTriggerRoutesOptions): void {
  const { triggers, resolve, settings, keys, client, logger } = options;
  for (const cls of new Set(triggers.map((t) => t.cls))) assertResolves(cls, resolve, triggers);
  for (const trigger of triggers) {
    try {
      app.route({
        method: [...trigger.methods],
        url: trigger.path,
        onRequest: async (request) => assertAuthLevel(trigger.authLevel, callerKeysOf(request), keys),
        handler: async (request, reply) => {
          const baseUrl = requestBaseUrl(request, settings.baseUrl);
          const instance = resolveInstance(trigger.cls, resolve);
          const method = instance[trigger.method] as (request: HttpTriggerRequest, helpers: HttpTriggerHelpers) => unknown;
          const helpers = new HttpTriggerHelpers(settings, baseUrl, { hasSystemKey: callerKeysOf(request).systemKey }, client);
          const result: unknown = await method.call(instance, toTriggerRequest(request, baseUrl), helpers);
          if (isHttpResponse(result)) return sendHttpResponse(reply, result);
          if (result === undefined) return reply.code(204).send();
          return sendHttpResponse(reply, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(result) });
        },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidRegistrationError(trigger.declaredAt, `its route ${trigger.path} cannot be registered: ${reason}`, { cause: error });
    }
    httpLogs.appTriggerRegistered(logger, { declaredAt: trigger.declaredAt, methods: trigger.methods, path: trigger.path });
  }
}

function resolveInstance(cls: TriggerClass, resolve: AppTriggerSource['resolve']): Invocable {
  const instance: unknown = resolve(cls);
  if (typeof instance !== 'object' || instance === null) throw new Error(`the resolver returned ${instance === null ? 'null' : typeof instance} for ${cls.name}`);
  return instance as Invocable;
}

function assertResolves(cls: TriggerClass, resolve: AppTriggerSource['resolve'], triggers: readonly AppTrigger[]): void {
  try {
    resolveInstance(cls, resolve);
  } catch (error) {
    const declared = triggers.filter((t) => t.cls === cls).map((t) => t.declaredAt).join(', ');
    throw new InvalidRegistrationError(
      `${cls.name} (declares ${declared})`,
      `cannot be constructed: ${error instanceof Error ? error.message : String(error)}. ` +
        'Register its constructor dependencies in the container, or mark them @injectable().',
      { cause: error },
    );
  }
}

function toTriggerRequest(request: FastifyRequest, baseUrl: string): HttpTriggerRequest {
  const q = request.url.indexOf('?');
  return {
    method: request.method,
    url: `${baseUrl}${request.url}`,
    params: routeParams(request.params),
    query: new URLSearchParams(q === -1 ? '' : request.url.slice(q + 1)),
    headers: flatHeaders(request.headers),
    body: triggerBody(request.body),
    json: () => {
      assertJsonContentType(request);
      return readJsonBody(request.body);
    },
  };
}

function routeParams(params: unknown): Readonly<Record<string, string>> {
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

function flatHeaders(headers: FastifyRequest['headers']): Readonly<Record<string, string>> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function triggerBody(body: unknown): unknown {
  if (!(body instanceof RawBody)) return body;
  return body.mediaType?.startsWith('text/') === true ? body.bytes.toString('utf8') : body.bytes;
}
