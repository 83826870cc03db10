import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { registerAdminRoutes, type HubAdministration } from './admin-routes';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { silentLogger, type Logger } from '../model/logger';
import { registerDashboardRoutes } from './dashboard/dashboard-routes';
import { registerAppTriggerRoutes } from './app-trigger-routes';
import { collectAppTriggers, type AppTriggerSource } from './app-triggers';
import { checkedBaseUrl, pathOf } from './base-url';
import { callerKeysOf, createKeyReader, rememberCallerKeys } from './caller-keys';
import type { WebhookSettings } from './check-status-payload';
import { createCrossSiteGuard } from './cross-site-guard';
import { registerDurabletaskRoutes } from './durabletask-routes';
import { registerHealthRoute, type HealthReport } from './health-route';
import type { EntityCatalog } from './entity-catalog';
import { toErrorResponse } from './error-mapping';
import { DEFAULT_BODY_LIMIT_BYTES, type HttpServerConfig } from './http-config';
import { httpLogs } from './http-logs';
import type { ErrorBody } from './http-problem';
import { createInstanceTokens } from './instance-token';
import { registerBodyParsers } from './json-body';
import { guardListen } from './listen-guard';

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
  /** The host's health (`host.checkHealth()`): served at `/runtime/webhooks/durabletask/health` (and `/health/live`, `/health/ready`) when given. */
  readonly health?: () => Promise<HealthReport>;
  /** What the admin routes (system key only) may do to the whole hub; without it, delete-task-hub answers 501. */
  readonly administration?: HubAdministration;
}

/** Longest route parameter accepted: a 256-character instance id, percent-encoded, fits. */
const MAX_PARAM_LENGTH = 4096;

/**
 * Builds the HTTP server of a durable app: the built-in `/runtime/webhooks/durabletask` API (with
 * its entity routes), the web dashboard at `/dashboard` and the app's HTTP triggers. Returns the fastify instance, not yet listening:
 * `listen()` it (and `close()` it before stopping the host), or `inject()` requests in tests.
 * @throws InvalidRegistrationError when a trigger class or route cannot be used
 * @throws InvalidArgumentError when the configuration is not valid
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { client, config } = options;
  const logger = options.logger ?? silentLogger;
  const bodyLimit = checkedBodyLimit(config.bodyLimitBytes);
  const systemKey = checkedKey('systemKey', config.systemKey);
  const functionKeys = checkedFunctionKeys(config.functionKeys ?? {}, systemKey);
  const baseUrl = checkedBaseUrl(config.baseUrl);
  const settings: WebhookSettings = {
    hubName: client.taskHubName,
    ...(systemKey !== undefined ? { systemKey, instanceTokens: createInstanceTokens(systemKey, client.taskHubName) } : {}),
    ...(baseUrl !== undefined ? { baseUrl } : {}),
  };
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
  guardListen(app, config.allowUnauthenticated === true || systemKey !== undefined);

  // First, before any route: refuse cross-site and rebinding requests, then read the caller's keys.
  const crossSiteGuard = createCrossSiteGuard({ allowedOrigins: config.allowedOrigins ?? [], allowedHosts: config.allowedHosts ?? [] });
  const readKeys = createKeyReader(systemKey, functionKeys);
  app.addHook('onRequest', async (request, reply) => {
    await crossSiteGuard(request, reply);
    rememberCallerKeys(request, readKeys(request));
  });

  app.setErrorHandler((error, request, reply) => {
    // Without a system key the whole API is open anyway; with one, only its holder sees the function names.
    const showFunctionNames = systemKey === undefined || callerKeysOf(request).systemKey;
    const { statusCode, body, isServerFault, headers } = toErrorResponse(error, bodyLimit, { showFunctionNames });
    if (isServerFault) httpLogs.requestFailed(logger, { method: request.method, path: pathOf(request.url), statusCode, error });
    return reply.code(statusCode).headers(headers).type('application/json; charset=utf-8').send(body);
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
    httpLogs.listening(logger, { url, routePrefix: config.routePrefix, systemKey: systemKey !== undefined, functionKeys: Object.keys(functionKeys) });
  });

  const exposeServerPaths = config.exposeServerPaths === true;
  registerDurabletaskRoutes(app, { client, settings, logger, exposeServerPaths, ...(options.entities !== undefined ? { entities: options.entities } : {}) });
  if (config.dashboard !== false) {
    registerDashboardRoutes(app, { client, hasSystemKey: systemKey !== undefined, exposeServerPaths, ...(config.dashboardAssetsDir !== undefined ? { assetsDir: config.dashboardAssetsDir } : {}) });
  }
  if (options.health !== undefined) registerHealthRoute(app, options.health, systemKey !== undefined);
  registerAdminRoutes(app, { client, systemKey, ...(options.administration !== undefined ? { administration: options.administration } : {}) });
  if (options.appTriggers !== undefined) {
    const keys = { systemKey: systemKey !== undefined, functionKeys: Object.keys(functionKeys).length > 0 };
    registerAppTriggerRoutes(app, { triggers, resolve: options.appTriggers.resolve, settings, keys, client, logger });
  }
  return app;
}

function answerBadUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { error: 'BAD_REQUEST', message: error.message };
  void reply.code(400).send(body);
}

function checkedKey(name: string, key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.trim().length === 0) {
    throw new InvalidArgumentError(name, 'expected a non-empty string, or leave it out to serve without that key');
  }
  return key;
}

function checkedFunctionKeys(keys: Readonly<Record<string, string>>, systemKey: string | undefined): Readonly<Record<string, string>> {
  for (const [name, key] of Object.entries(keys)) {
    checkedKey(`functionKeys.${name}`, key);
    if (key === systemKey) throw new InvalidArgumentError(`functionKeys.${name}`, 'is the system key; function keys must differ from it, or they would open the management API');
  }
  return keys;
}

function checkedBodyLimit(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('bodyLimitBytes', `expected a positive whole number of bytes, got ${String(value)}`);
  return value;
}
