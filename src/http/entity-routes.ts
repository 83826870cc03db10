import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { EntityCatalog } from './entity-catalog';
import type { HubBinding } from './task-hub-bindings';
import type { EntityMetadata } from '../client/entity-client';
import { entityId, formatEntityId, type EntityId } from '../model/entity-id';
import { FunctionNotFoundError } from '../model/errors/function-not-found-error';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import type { Logger } from '../model/logger';
import { httpLogs } from './http-logs';
import { HttpProblem } from './http-problem';
import { readOperationInputBody } from './json-body';
import { CONTINUATION_TOKEN_HEADER, readListEntitiesRequest } from './management-query';
import { readQueryParam } from './query-params';

export interface EntityRoutesOptions {
  /** The client of the task hub a request names, and (for the server's own hub) the app's entities: without them any valid entity name is signaled. */
  readonly hubOf: (request: FastifyRequest) => HubBinding;
  readonly logger: Logger;
  /** The system key and task hub checks every built-in route runs first. */
  readonly onRequest: onRequestAsyncHookHandler;
}

/** One entity of `GET …/entities`, with the reference's field names. */
export interface EntityStatusPayload {
  /** The name is lower-cased: entity names are case-insensitive. */
  readonly entityId: { readonly key: string; readonly name: string };
  /** ISO 8601, UTC. */
  readonly lastOperationTime: string;
  /** Only with `fetchState=true`. */
  readonly state?: unknown;
}

type EntityParams = { Params: { entityName: string; entityKey: string } };
type EntityNameParams = { Params: { entityName?: string } };

/**
 * Registers the entity API of the Durable Functions HTTP API reference under `base`: signal an
 * entity (`POST …/entities/{name}/{key}?op=`; `DELETE` signals `delete`, as the extension does),
 * get its state (`GET …/entities/{name}/{key}`) and list entities (`GET …/entities/{name?}`).
 * Every request is checked completely (id, query, body, entity name) before anything is sent,
 * so a refused request changes nothing.
 */
export function registerEntityRoutes(app: FastifyInstance, base: string, options: EntityRoutesOptions): void {
  const { hubOf, logger, onRequest } = options;
  const entity = `${base}/entities/:entityName/:entityKey`;

  // Signal entity: 202; 400 for an invalid id or content that is not JSON; 404 for a name no class declares.
  // `op` is optional: without it the operation name is the empty string, as in the extension.
  const signal = (operationOf: (request: FastifyRequest) => string) => async (request: FastifyRequest<EntityParams>, reply: FastifyReply) => {
    const id = readEntityId(request.params);
    const operation = operationOf(request);
    const input = readOperationInputBody(request.body);
    const { client, entities } = hubOf(request);
    if (entities !== undefined && entities.getEntity(id.name) === undefined) {
      throw new FunctionNotFoundError('entity', request.params.entityName, entities.entityNames());
    }
    assertKnownOperation(entities, id.name, operation);
    await client.signalEntity(id, operation, input);
    httpLogs.entitySignaled(logger, { entityId: formatEntityId(id), operation });
    return reply.code(202).send();
  };
  app.post<EntityParams>(entity, { onRequest }, signal((request) => readQueryParam(request.query, 'op') ?? ''));
  app.delete<EntityParams>(entity, { onRequest }, signal(() => 'delete'));

  // Get entity: 200 with the state as the JSON body; 404 when the entity has no state.
  app.get<EntityParams>(entity, { onRequest }, async (request, reply) => {
    const id = readEntityId(request.params);
    const { entityExists, entityState } = await hubOf(request).client.readEntityState(id);
    if (!entityExists) throw new HttpProblem(404, 'ENTITY_NOT_FOUND', `The entity '${formatEntityId(id)}' does not exist (it has no state).`);
    return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(entityState ?? null));
  });

  // List entities (all, or of one name): 200 with an array; more pages are announced in x-ms-continuation-token.
  const list = async (request: FastifyRequest<EntityNameParams>, reply: FastifyReply) => {
    const query = readListEntitiesRequest(request.query, request.headers[CONTINUATION_TOKEN_HEADER], request.params.entityName);
    const page = await hubOf(request).client.listEntities(query);
    if (page.continuationToken !== undefined) reply.header(CONTINUATION_TOKEN_HEADER, page.continuationToken);
    return reply.code(200).send(page.entities.map((metadata) => toEntityStatusPayload(metadata, query.fetchState === true)));
  };
  app.get<EntityNameParams>(`${base}/entities`, { onRequest }, list);
  app.get<EntityNameParams>(`${base}/entities/:entityName`, { onRequest }, list);
}

/**
 * A class-based entity's operations are known: a signal for another one would only fail later,
 * unseen, so it is refused now (400). `delete` is built in. Function-based entities take any name.
 * @throws InvalidArgumentError (400) naming the operations the entity has
 */
function assertKnownOperation(entities: EntityCatalog | undefined, name: string, operation: string): void {
  const operations = entities?.entityOperationNames?.(name);
  if (operations === undefined) return;
  const key = operation.toLowerCase();
  if (key === 'delete' || operations.includes(key)) return;
  const shown = operation.length > 64 ? `${operation.slice(0, 64)}…` : operation;
  throw new InvalidArgumentError('op', `entity '${name}' has no operation ${JSON.stringify(shown)}; it has ${[...operations, 'delete'].join(', ')}`);
}

/**
 * The entity id of the route: the name (case-insensitive) and the key, as the entity id rules
 * allow them. There is no empty key, so `$` is a key like any other.
 * @throws InvalidArgumentError (400) for a name or key the rules refuse
 */
function readEntityId(params: { entityName: string; entityKey: string }): EntityId {
  return entityId(params.entityName, params.entityKey);
}

export function toEntityStatusPayload(metadata: EntityMetadata, fetchState: boolean): EntityStatusPayload {
  return {
    entityId: { key: metadata.entityId.key, name: metadata.entityId.name },
    lastOperationTime: metadata.lastOperationTime.toISOString(),
    ...(fetchState ? { state: metadata.state ?? null } : {}),
  };
}
