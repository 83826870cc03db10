import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { InstanceNotFoundError } from '../model/errors/instance-not-found-error';
import type { Logger } from '../model/logger';
import { assertNever } from '../model/history-event';
import type { RuntimeStatus } from '../model/runtime-status';
import { requestBaseUrl } from './base-url';
import { buildCheckStatusResponse, buildHttpManagementPayload, type WebhookSettings } from './check-status-payload';
import { registerEntityRoutes, type EntityCatalog } from './entity-routes';
import { DURABLETASK_RPC_PATH, DURABLETASK_WEBHOOK_PATH } from './http-config';
import { httpLogs } from './http-logs';
import { HttpProblem } from './http-problem';
import { registerInstanceManagementRoutes } from './instance-management-routes';
import { readJsonBody } from './json-body';
import { readBooleanParam, readQueryParam } from './query-params';
import { sendHttpResponse } from './send-http-response';
import { toStatusResponse } from './status-response';
import { createSystemKeyCheck } from './system-key';

export interface DurabletaskRoutesOptions {
  readonly client: DurableClient;
  readonly settings: WebhookSettings;
  readonly logger: Logger;
  /** The app's entity classes: signals to other entity names are answered 404. */
  readonly entities?: EntityCatalog;
}

/** Seconds a client should wait before polling a running instance again (as Durable Functions answers). */
export const STATUS_RETRY_AFTER_SECONDS = 5;

/**
 * Registers the built-in API of the Durable Functions extension under `/runtime/webhooks/durabletask`
 * and, as the extension's local RPC endpoint serves it, under `/durabletask`: start an
 * orchestration, get an instance's status, the instance management routes (list, purge, raise
 * event, terminate, suspend, resume, rewind, restart) and the entity routes (signal, get, list).
 * Every route checks `code=` (when a system key is set), then `taskHub=`, before reading the body.
 */
export function registerDurabletaskRoutes(app: FastifyInstance, options: DurabletaskRoutesOptions): void {
  const { client, settings, logger, entities } = options;
  const keyCheck = settings.systemKey !== undefined ? createSystemKeyCheck(settings.systemKey) : undefined;

  const onRequest = async (request: FastifyRequest): Promise<void> => {
    if (keyCheck !== undefined && !keyCheck(systemKeyCandidate(request))) {
      throw new HttpProblem(401, 'UNAUTHORIZED', 'This API requires a valid system key in the code query parameter.');
    }
    const hub = readQueryParam(request.query, 'taskHub');
    if (hub !== undefined && hub.trim() !== '' && hub !== settings.hubName) {
      throw new HttpProblem(404, 'TASK_HUB_NOT_FOUND', `This server serves task hub '${settings.hubName}' only; task hub '${hub}' is not available here.`);
    }
  };

  for (const base of [DURABLETASK_WEBHOOK_PATH, DURABLETASK_RPC_PATH]) {
    registerStartAndStatusRoutes(app, base, { client, settings, logger }, onRequest);
    registerInstanceManagementRoutes(app, base, { client, settings, logger, onRequest });
    registerEntityRoutes(app, base, { client, logger, onRequest, ...(entities !== undefined ? { entities } : {}) });
  }
}

function registerStartAndStatusRoutes(
  app: FastifyInstance,
  base: string,
  { client, settings, logger }: DurabletaskRoutesOptions,
  onRequest: (request: FastifyRequest) => Promise<void>,
): void {
  app.post<{ Params: { functionName: string; instanceId?: string } }>(`${base}/orchestrators/:functionName/:instanceId?`, { onRequest }, async (request, reply) => {
    const baseUrl = requestBaseUrl(request);
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
    return sendHttpResponse(reply, buildCheckStatusResponse(buildHttpManagementPayload(baseUrl, instanceId, settings)));
  });

  app.get<{ Params: { instanceId: string } }>(`${base}/instances/:instanceId`, { onRequest }, async (request, reply) => {
    const query = request.query;
    const showHistory = readBooleanParam(query, 'showHistory', false);
    const showHistoryOutput = readBooleanParam(query, 'showHistoryOutput', false);
    const showInput = readBooleanParam(query, 'showInput', true);
    const failAs500 = readBooleanParam(query, 'returnInternalServerErrorOnFailure', false);
    const baseUrl = requestBaseUrl(request);
    const { instanceId } = request.params;
    const status = await client.getStatus(instanceId, { showHistory, showHistoryOutput: true, showInput });
    if (status === undefined) throw new InstanceNotFoundError(instanceId);
    const statusCode = statusCodeOf(status.runtimeStatus, failAs500);
    if (statusCode === 202) {
      reply.header('location', `${baseUrl}${request.url}`).header('retry-after', String(STATUS_RETRY_AFTER_SECONDS));
    }
    return reply.code(statusCode).send(toStatusResponse(status, { showHistoryOutput, showInput }));
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

/** `code=` from the query (exactly once) or the `x-functions-key` header, as Azure Functions accepts keys. */
function systemKeyCandidate(request: FastifyRequest): string | undefined {
  const query = request.query;
  const codes = typeof query === 'object' && query !== null ? Object.entries(query).filter(([k]) => k.toLowerCase() === 'code') : [];
  if (codes.length === 1) {
    const value: unknown = codes[0]?.[1];
    return typeof value === 'string' ? value : undefined;
  }
  if (codes.length > 1) return undefined;
  const header = request.headers['x-functions-key'];
  return typeof header === 'string' ? header : undefined;
}

