import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { InstanceNotFoundError } from '../model/errors/instance-not-found-error';
import type { Logger } from '../model/logger';
import { assertNever } from '../model/history-event';
import type { RuntimeStatus } from '../model/runtime-status';
import { requestBaseUrl } from './base-url';
import { callerKeysOf } from './caller-keys';
import { buildCheckStatusResponse, buildHttpManagementPayload, type WebhookSettings } from './check-status-payload';
import type { EntityCatalog } from './entity-catalog';
import { registerEntityRoutes } from './entity-routes';
import { DURABLETASK_RPC_PATH, DURABLETASK_WEBHOOK_PATH } from './http-config';
import { httpLogs } from './http-logs';
import { HttpProblem } from './http-problem';
import { registerInstanceManagementRoutes } from './instance-management-routes';
import { assertJsonContentType, readJsonBody } from './json-body';
import { readBooleanParam, readQueryParam } from './query-params';
import { sendHttpResponse } from './send-http-response';
import { redactServerPaths } from './server-paths';
import { toStatusResponse } from './status-response';
import { TaskHubBindings, type HubBinding } from './task-hub-bindings';

export interface DurabletaskRoutesOptions {
  readonly client: DurableClient;
  readonly settings: WebhookSettings;
  readonly logger: Logger;
  /** The app's entity classes: signals to other entity names are answered 404. */
  readonly entities?: EntityCatalog;
  /** Show absolute server paths in stack traces (off: they are made relative to the working directory). */
  readonly exposeServerPaths: boolean;
}

/** A route's first check: the key (or an instance token for routes of one instance), the task hub, the content type. */
export type RouteGuard = (request: FastifyRequest) => Promise<void>;

/** Seconds a client should wait before polling a running instance again (as Durable Functions answers). */
export const STATUS_RETRY_AFTER_SECONDS = 5;

/**
 * Registers the built-in API of the Durable Functions extension under `/runtime/webhooks/durabletask`
 * and, as the extension's local RPC endpoint serves it, under `/durabletask`: start an
 * orchestration, get an instance's status, the instance management routes (list, purge, raise
 * event, terminate, suspend, resume, rewind, restart) and the entity routes (signal, get, list).
 * Every route checks `code=` (when a system key is set), then `taskHub=`, then that a body is
 * JSON, before reading the body. The status, raise-event and terminate routes of one instance
 * also accept that instance's token (see `buildHttpManagementPayload`).
 */
export function registerDurabletaskRoutes(app: FastifyInstance, options: DurabletaskRoutesOptions): void {
  const { client, settings, logger, entities } = options;
  const hubs = new TaskHubBindings(client, settings, entities);
  const guard = (acceptInstanceToken: boolean): RouteGuard => async (request) => {
    // `connection=` (the storage connection setting's name in Durable Functions) is accepted and
    // not used: this server reaches one storage, the one its host.json configures.
    const hub = hubs.requestedHub(request);
    if (settings.systemKey !== undefined) {
      const caller = callerKeysOf(request);
      const instanceId = (request.params as { instanceId?: unknown } | undefined)?.instanceId;
      const tokens = hubs.settingsFor(hub).instanceTokens;
      const tokenOk = acceptInstanceToken && typeof instanceId === 'string' && tokens?.verify(instanceId, caller.candidate) === true;
      if (!caller.systemKey && !tokenOk) throw new HttpProblem(401, 'UNAUTHORIZED', 'This API requires a valid system key in the code query parameter.');
    }
    await hubs.bind(request, hub);
    if (request.method !== 'GET') assertJsonContentType(request);
  };
  const onRequest = guard(false);
  const onInstanceRequest = guard(true);
  const hubOf = (request: FastifyRequest): HubBinding => hubs.of(request);

  for (const base of [DURABLETASK_WEBHOOK_PATH, DURABLETASK_RPC_PATH]) {
    registerStartAndStatusRoutes(app, base, { ...options, hubOf }, onRequest, onInstanceRequest);
    registerInstanceManagementRoutes(app, base, { hubOf, logger, onRequest, onInstanceRequest, exposeServerPaths: options.exposeServerPaths });
    registerEntityRoutes(app, base, { hubOf, logger, onRequest });
  }
}

function registerStartAndStatusRoutes(
  app: FastifyInstance,
  base: string,
  { hubOf, logger, exposeServerPaths }: DurabletaskRoutesOptions & { readonly hubOf: (request: FastifyRequest) => HubBinding },
  onRequest: RouteGuard,
  onInstanceRequest: RouteGuard,
): void {
  app.post<{ Params: { functionName: string; instanceId?: string } }>(`${base}/orchestrators/:functionName/:instanceId?`, { onRequest }, async (request, reply) => {
    const { client, settings } = hubOf(request);
    const baseUrl = requestBaseUrl(request, settings.baseUrl);
    const input = readJsonBody(request.body);
    const version = readQueryParam(request.query, 'version');
    const { functionName } = request.params;
    const requestedId = request.params.instanceId === '' ? undefined : request.params.instanceId;
    const instanceId = await client.startNew(functionName, {
      ...(requestedId !== undefined ? { instanceId: requestedId } : {}),
      ...(input !== undefined ? { input } : {}),
      ...(version !== undefined && version !== '' ? { version } : {}),
    });
    httpLogs.orchestrationStarted(logger, { instanceId, name: functionName, route: 'durabletask' });
    const audience = { hasSystemKey: callerKeysOf(request).systemKey };
    return sendHttpResponse(reply, buildCheckStatusResponse(buildHttpManagementPayload(baseUrl, instanceId, settings, audience)));
  });

  app.get<{ Params: { instanceId: string } }>(`${base}/instances/:instanceId`, { onRequest: onInstanceRequest }, async (request, reply) => {
    const query = request.query;
    const showHistory = readBooleanParam(query, 'showHistory', false);
    const showHistoryOutput = readBooleanParam(query, 'showHistoryOutput', false);
    const showInput = readBooleanParam(query, 'showInput', true);
    const failAs500 = readBooleanParam(query, 'returnInternalServerErrorOnFailure', false);
    const { client, settings } = hubOf(request);
    const baseUrl = requestBaseUrl(request, settings.baseUrl);
    const { instanceId } = request.params;
    const status = await client.getStatus(instanceId, { showHistory, showHistoryOutput: true, showInput });
    if (status === undefined) throw new InstanceNotFoundError(instanceId);
    const statusCode = statusCodeOf(status.runtimeStatus, failAs500);
    if (statusCode === 202) {
      reply.header('location', `${baseUrl}${request.url}`).header('retry-after', String(STATUS_RETRY_AFTER_SECONDS));
    }
    const view = toStatusResponse(status, { showHistoryOutput, showInput });
    return reply.code(statusCode).send(exposeServerPaths ? view : redactServerPaths(view));
  });
}

/** 202 while the instance may still change, 200 once it has finished (500 for Failed when asked). */
function statusCodeOf(status: RuntimeStatus, failAs500: boolean): 200 | 202 | 500 {
  switch (status) {
    case 'Pending':
    case 'Running':
    case 'ContinuedAsNew':
    case 'Suspended':
      return 202;
    case 'Failed':
      return failAs500 ? 500 : 200;
    case 'Completed':
    case 'Terminated':
      return 200;
    default:
      return assertNever(status, 'runtime status');
  }
}
