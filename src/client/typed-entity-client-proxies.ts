// The entity map is declared next to the other function maps and augmented by generated code.
import type { DurableEntities, FunctionCallArguments, FunctionInput } from '../model/durable-function-types';
import type { EntityOperationsOf, EntitySignalOptions, EntityStateOf } from '../model/durable-entity-types';
import { entityId, type EntityId } from '../model/entity-id';
import { createNamedProxy } from '../model/named-proxy';
import type { EntityStateResponse } from './entity-client';

/** How the client's entity proxies reach the client: `signalEntity` and `readEntityState` by id. */
export interface EntityClientMessenger {
  signalEntity(entity: EntityId, operation: string, input?: unknown, options?: EntitySignalOptions): Promise<void>;
  readEntityState<T>(entity: EntityId): Promise<EntityStateResponse<T>>;
}

/** `client.entities.Counter(key)`: one-way signals, typed by operation, and the typed state. */
export interface EntityClientProxy<TOperations, TState> {
  /** The entity's id, `{ name, key }` (the name lower-cased). */
  readonly entityId: EntityId;
  /** One function per operation: sends it one-way (created on first use); `scheduledTime` delays it. */
  readonly signal: {
    readonly [K in keyof TOperations]: (...args: FunctionCallArguments<FunctionInput<TOperations[K]>, EntitySignalOptions>) => Promise<void>;
  };
  /** The entity's last committed state (`readEntityState`). */
  readState(): Promise<EntityStateResponse<TState>>;
}

/** `client.entities`: one function per entity that codegen found, taking the entity key. */
export type EntityClientProxies = {
  readonly [K in keyof DurableEntities]: (key: string) => EntityClientProxy<EntityOperationsOf<DurableEntities[K]>, EntityStateOf<DurableEntities[K]>>;
};

/** The runtime side of `client.entities`: any property is an entity name. The key is checked at once. */
export function createEntityClientProxies(client: EntityClientMessenger): EntityClientProxies {
  return createNamedProxy((name) => (key: string) => entityClientProxy(client, entityId(name, key))) as EntityClientProxies;
}

function entityClientProxy(client: EntityClientMessenger, id: EntityId): EntityClientProxy<Record<string, unknown>, unknown> {
  const signal = createNamedProxy((operation) => (input?: unknown, options?: EntitySignalOptions) => client.signalEntity(id, operation, input, options));
  return {
    entityId: id,
    signal: signal as EntityClientProxy<Record<string, unknown>, unknown>['signal'],
    readState: () => client.readEntityState(id),
  };
}
