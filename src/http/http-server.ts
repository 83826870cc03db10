import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { silentLogger, type Logger } from '../model/logger';
import { registerAppTriggerRoutes } from './app-trigger-routes';
import { collectAppTriggers, type AppTriggerSource } from './app-triggers';
import { pathOf } from './base-url';
import type { WebhookSettings } from './check-status-payload';
import { registerDurabletaskRoutes } from './durabletask-routes';
import type { EntityCatalog } from './entity-routes';
import { toErrorResponse } from './error-mapping';
import { DEFAULT_BODY_LIMIT_BYTES, type HttpServerConfig } from './http-config';
import { httpLogs } from './http-logs';
import type { ErrorBody } from './http-problem';
import { registerBodyParsers } from './json-body';

export interface HttpServerOptions {
  /** The host's client (`host.client`); its task hub is the one the server serves. */
  readonly client: DurableClient;
  readonly config: HttpServerConfig;
  /** The app's `@HttpTriggers()` classes, served under the route prefix. */
  readonly appTriggers?: AppTriggerSource;
  /**
   * The app's entity classes (`host.registry`): a signal to an entity name none declares is
   * answered 404, as the reference documents. Without it, any valid name is signaled.
   */
  readonly entities?: EntityCatalog;
  readonly logger?: Logger;
}

/** Longest route parameter accepted: a 256-character instance id, percent-encoded, fits. */
const MAX_PARAM_LENGTH = 4096;

/**
 * Builds the HTTP server of a durable app: the built-in `/runtime/webhooks/durabletask` API (with
 * its entity routes) and the app's HTTP triggers. Returns the fastify instance, not yet listening:
 * `listen()` it (and `close()` it before stopping the host), or `inject()` requests in tests.
 * @throws InvalidRegistrationError when a trigger class or route cannot be used
 * @throws InvalidArgumentError when the configuration is not valid
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { client, config } = options;
  const logger = options.logger ?? silentLogger;
  const bodyLimit = checkedBodyLimit(config.bodyLimitBytes);
  if (config.systemKey !== undefined && (typeof config.systemKey !== 'string' || config.systemKey.length === 0)) {
    throw new InvalidArgumentError('systemKey', 'expected a non-empty string, or leave it out to serve the API without a key');
  }
  const settings: WebhookSettings = { hubName: client.taskHubName, ...(config.systemKey !== undefined ? { systemKey: config.systemKey } : {}) };
  const triggers = collectAppTriggers(options.appTriggers?.classes ?? [], config.routePrefix);

  const app = Fastify({
    logger: false,
    bodyLimit,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // A URL that cannot be decoded (e.g. `%E0%A4%A`) is answered before routing: in our error shape too.
    frameworkErrors: answerBadUrl,
  });
  registerBodyParsers(app);

  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body, isServerFault } = toErrorResponse(error, bodyLimit);
    if (isServerFault) httpLogs.requestFailed(logger, { method: request.method, path: pathOf(request.url), statusCode, error });
    return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: 'ROUTE_NOT_FOUND', message: `No route answers ${request.method} ${pathOf(request.url)}.` };
    return reply.code(404).send(body);
  });
  app.addHook('onResponse', async (request, reply) => {
    httpLogs.requestCompleted(logger, { method: request.method, path: pathOf(request.url), statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime) });
  });

  app.addHook('onListen', async () => {
    const address = app.server.address();
    const url = typeof address === 'object' && address !== null ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
    httpLogs.listening(logger, { url, routePrefix: config.routePrefix, systemKey: config.systemKey !== undefined });
  });

  registerDurabletaskRoutes(app, { client, settings, logger, ...(options.entities !== undefined ? { entities: options.entities } : {}) });
  if (options.appTriggers !== undefined) {
    registerAppTriggerRoutes(app, { triggers, resolve: options.appTriggers.resolve, settings, logger });
  }
  return app;
}

function answerBadUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { error: 'BAD_REQUEST', message: error.message };
  void reply.code(400).send(body);
}

function checkedBodyLimit(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('bodyLimitBytes', `expected a positive whole number of bytes, got ${String(value)}`);
  return value;
}
