import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { InstanceNotFailedError } from '../model/errors/instance-not-failed-error';
import { InstanceNotFoundError } from '../model/errors/instance-not-found-error';
import type { Logger } from '../model/logger';
import { requestBaseUrl } from './base-url';
import { callerKeysOf } from './caller-keys';
import { buildCheckStatusResponse, buildHttpManagementPayload } from './check-status-payload';
import type { HubBinding } from './task-hub-bindings';
import { httpLogs } from './http-logs';
import { HttpProblem } from './http-problem';
import { readEventDataBody } from './json-body';
import { CONTINUATION_TOKEN_HEADER, readListInstancesRequest, readPurgeInstancesRequest } from './management-query';
import { readBooleanParam, readQueryParam } from './query-params';
import { sendHttpResponse } from './send-http-response';
import { redactServerPaths } from './server-paths';
import { toStatusResponse } from './status-response';

export interface InstanceManagementRoutesOptions {
  /** The client and URL settings of the task hub a request names. */
  readonly hubOf: (request: FastifyRequest) => HubBinding;
  readonly logger: Logger;
  /** The system key and task hub checks every built-in route runs first. */
  readonly onRequest: onRequestAsyncHookHandler;
  /** The same, also accepting the instance's token: for raise event and terminate. */
  readonly onInstanceRequest: onRequestAsyncHookHandler;
  /** Show absolute server paths in stack traces. */
  readonly exposeServerPaths: boolean;
}

type InstanceParams = { Params: { instanceId: string } };

/**
 * Registers the instance management API of the Durable Functions HTTP API reference under `base`:
 * list, purge (one, or by filter), raise event, terminate, suspend, resume, rewind and restart.
 * Every request is checked completely (ids, query, body) before anything is changed, so a refused
 * request changes nothing.
 */
export function registerInstanceManagementRoutes(app: FastifyInstance, base: string, options: InstanceManagementRoutesOptions): void {
  const { hubOf, logger, onRequest, onInstanceRequest, exposeServerPaths } = options;
  const instance = `${base}/instances/:instanceId`;

  // Get all instances status: 200 with an array of statuses; more pages are announced in x-ms-continuation-token.
  app.get(`${base}/instances`, { onRequest }, async (request, reply) => {
    const { query, matchesNothing } = readListInstancesRequest(request.query, request.headers[CONTINUATION_TOKEN_HEADER]);
    if (matchesNothing) return reply.code(200).send([]);
    const page = await hubOf(request).client.getStatusBy(query);
    if (page.continuationToken !== undefined) reply.header(CONTINUATION_TOKEN_HEADER, page.continuationToken);
    const showInput = query.showInput !== false;
    const views = page.instances.map((status) => toStatusResponse(status, { showHistoryOutput: false, showInput }));
    return reply.code(200).send(exposeServerPaths ? views : redactServerPaths(views));
  });

  // Purge multiple instance histories: 200 { instancesDeleted }, 404 when no finished instance matched.
  app.delete(`${base}/instances`, { onRequest }, async (request, reply) => {
    const { filter, matchesNothing } = readPurgeInstancesRequest(request.query);
    const instancesDeleted = matchesNothing ? 0 : (await hubOf(request).client.purgeInstanceHistoryBy(filter)).instancesDeleted;
    if (instancesDeleted === 0) throw new HttpProblem(404, 'NO_MATCHING_INSTANCES', 'No finished instance matches the filter; nothing was purged.');
    httpLogs.instanceOperation(logger, { operation: 'purge', instancesDeleted });
    return reply.code(200).send({ instancesDeleted });
  });

  // Purge single instance history: 200 { instancesDeleted: 1 }, 404 unknown, 412 for an instance that has not finished.
  app.delete<InstanceParams>(instance, { onRequest }, async (request, reply) => {
    const { instanceId } = request.params;
    const { instancesDeleted } = await hubOf(request).client.purgeInstanceHistory(instanceId);
    if (instancesDeleted === 0) throw new InstanceNotFoundError(instanceId); // purged by someone else meanwhile
    httpLogs.instanceOperation(logger, { operation: 'purge', instanceId, instancesDeleted });
    return reply.code(200).send({ instancesDeleted });
  });

  // Raise event: 202, 400 for content that is not JSON, 404 unknown, 410 finished.
  app.post<{ Params: { instanceId: string; eventName: string } }>(`${instance}/raiseEvent/:eventName`, { onRequest: onInstanceRequest }, async (request, reply) => {
    const { instanceId, eventName } = request.params;
    const data = readEventDataBody(request.body);
    await hubOf(request).client.raiseEvent(instanceId, eventName, data);
    httpLogs.instanceOperation(logger, { operation: 'raiseEvent', instanceId });
    return reply.code(202).send();
  });

  // Terminate, suspend, resume: 202, 404 unknown, 410 finished; `reason` is optional.
  type Operation = (client: DurableClient, instanceId: string, reason: string | undefined) => Promise<void>;
  const operations: Readonly<Record<'terminate' | 'suspend' | 'resume' | 'rewind', Operation>> = {
    terminate: (client, instanceId, reason) => client.terminate(instanceId, reason),
    suspend: (client, instanceId, reason) => client.suspend(instanceId, reason),
    resume: (client, instanceId, reason) => client.resume(instanceId, reason),
    rewind: (client, instanceId, reason) => rewind(client, instanceId, reason),
  };
  for (const [operation, run] of Object.entries(operations)) {
    app.post<InstanceParams>(`${instance}/${operation}`, { onRequest: operation === 'terminate' ? onInstanceRequest : onRequest }, async (request, reply) => {
      const { instanceId } = request.params;
      await run(hubOf(request).client, instanceId, readQueryParam(request.query, 'reason'));
      httpLogs.instanceOperation(logger, { operation, instanceId });
      return reply.code(202).send();
    });
  }

  // Restart: 202 with the check-status response of the new instance (or the same id with restartWithNewInstanceId=false).
  app.post<InstanceParams>(`${instance}/restart`, { onRequest }, async (request, reply) => {
    const { client, settings } = hubOf(request);
    const baseUrl = requestBaseUrl(request, settings.baseUrl);
    const { instanceId } = request.params;
    const withNewId = readBooleanParam(request.query, 'restartWithNewInstanceId', true);
    const newInstanceId = await client.restart(instanceId, withNewId ? {} : { newInstanceId: false });
    httpLogs.instanceOperation(logger, { operation: 'restart', instanceId, newInstanceId });
    const audience = { hasSystemKey: callerKeysOf(request).systemKey };
    return sendHttpResponse(reply, buildCheckStatusResponse(buildHttpManagementPayload(baseUrl, newInstanceId, settings, audience)));
  });
}

/**
 * Rewinds a Failed instance. The reference answers 410 for one that "has completed or was
 * terminated"; an instance that is still live gets 412, as the extension answers (and the
 * official JavaScript client expects) for every instance that is not Failed.
 */
async function rewind(client: DurableClient, instanceId: string, reason: string | undefined): Promise<void> {
  try {
    await client.rewind(instanceId, reason);
  } catch (error) {
    if (error instanceof InstanceNotFailedError && (error.runtimeStatus === 'Completed' || error.runtimeStatus === 'Terminated')) {
      throw new HttpProblem(410, error.code, error.message);
    }
    throw error;
  }
}
