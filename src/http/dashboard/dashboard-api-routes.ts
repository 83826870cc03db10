import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DurableClient } from '../../client/durable-client';
import { entityId, formatEntityId } from '../../model/entity-id';
import { InstanceNotFoundError } from '../../model/errors/instance-not-found-error';
import { toEntityStatusPayload } from '../entity-routes';
import { HttpProblem } from '../http-problem';
import { CONTINUATION_TOKEN_HEADER, readListInstancesRequest } from '../management-query';
import { readQueryParam } from '../query-params';
import { redactServerPaths } from '../server-paths';
import { toStatusResponse } from '../status-response';
import type { DashboardAccess } from './dashboard-access';
import { buildTimeline } from './timeline';

/** Longest name filter accepted: orchestration names are far shorter. */
const MAX_NAME_FILTER_LENGTH = 256;

export interface DashboardApiOptions {
  readonly client: DurableClient;
  readonly access: DashboardAccess;
  readonly exposeServerPaths: boolean;
}

/**
 * The JSON routes the dashboard needs and the durabletask API lacks, under `/dashboard/api`:
 * - `GET instances`: the API's instance list plus `name=` (orchestration name, any case). The
 *   name is matched within each page of the underlying query, so a page may hold fewer
 *   instances than `top` (even none) while its continuation token says more follow;
 * - `GET instances/{id}/timeline`: the history folded into bars, with the parent and children;
 * - `GET entities/{name}/{key}`: one entity's state and last operation time.
 */
export function registerDashboardApiRoutes(app: FastifyInstance, base: string, options: DashboardApiOptions): void {
  const { client, access, exposeServerPaths } = options;
  const onRequest = async (request: FastifyRequest): Promise<void> => access.assertMayRead(request);
  const redacted = <T>(view: T): T => (exposeServerPaths ? view : redactServerPaths(view));

  app.get(`${base}/instances`, { onRequest }, async (request, reply) => {
    const name = readNameFilter(request.query);
    const { query, matchesNothing } = readListInstancesRequest(request.query, request.headers[CONTINUATION_TOKEN_HEADER]);
    if (matchesNothing) return reply.code(200).send([]);
    const page = await client.getStatusBy(query);
    if (page.continuationToken !== undefined) reply.header(CONTINUATION_TOKEN_HEADER, page.continuationToken);
    const matching = name === undefined ? page.instances : page.instances.filter((status) => status.name.toLowerCase() === name);
    const views = matching.map((status) => toStatusResponse(status, { showHistoryOutput: false, showInput: query.showInput !== false }));
    return reply.code(200).send(redacted(views));
  });

  app.get<{ Params: { instanceId: string } }>(`${base}/instances/:instanceId/timeline`, { onRequest }, async (request, reply) => {
    const { instanceId } = request.params;
    const status = await client.getStatus(instanceId, { showHistory: true, showHistoryOutput: false, showInput: false });
    if (status === undefined) throw new InstanceNotFoundError(instanceId);
    return reply.code(200).send(redacted(buildTimeline(status.historyEvents ?? [])));
  });

  app.get<{ Params: { entityName: string; entityKey: string } }>(`${base}/entities/:entityName/:entityKey`, { onRequest }, async (request, reply) => {
    const id = entityId(request.params.entityName, request.params.entityKey);
    const metadata = await client.getEntityMetadata(id);
    if (metadata === undefined) throw new HttpProblem(404, 'ENTITY_NOT_FOUND', `The entity '${formatEntityId(id)}' does not exist (it has no state).`);
    return reply.code(200).send(toEntityStatusPayload(metadata, true));
  });
}

/** `name=`, lower-cased (orchestration names are case-insensitive); undefined when absent or empty. */
function readNameFilter(query: unknown): string | undefined {
  const name = readQueryParam(query, 'name')?.trim();
  if (name === undefined || name === '') return undefined;
  if (name.length > MAX_NAME_FILTER_LENGTH) {
    throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', `The query parameter 'name' has ${name.length} characters; orchestration names have at most ${MAX_NAME_FILTER_LENGTH}.`);
  }
  return name.toLowerCase();
}
