import { entityId, type EntityId } from '../model/entity-id';
import type { DurableEntities, FunctionCallArguments, FunctionInput, FunctionOutput } from '../model/durable-function-types';
import type { EntityCallArguments, EntityOperationsOf, EntitySignalOptions } from '../model/durable-entity-types';
import { createNamedProxy } from '../model/named-proxy';
import type { DurableTask } from './durable-task';

/** `ctx.entities.Counter(key).signal`: one-way messages, one function per operation. */
export type EntitySignalProxy<TOperations> = {
  readonly [K in keyof TOperations]: (...args: FunctionCallArguments<FunctionInput<TOperations[K]>, EntitySignalOptions>) => void;
};

/**
 * `ctx.entities.Counter(key)`: one function per operation that calls it two-way
 * (`ctx.callEntity`) and resolves to its result, and `.signal.<operation>(input, options?)` for
 * one-way messages (`ctx.signalEntity`).
 */
export type OrchestrationEntityProxy<TOperations> = {
  readonly [K in keyof TOperations]: (...args: EntityCallArguments<FunctionInput<TOperations[K]>>) => DurableTask<FunctionOutput<TOperations[K]>>;
} & { readonly signal: EntitySignalProxy<TOperations> };

/** `ctx.entities`: one function per entity that codegen found, taking the entity key. */
export type EntityProxies = {
  readonly [K in keyof DurableEntities]: (key: string) => OrchestrationEntityProxy<EntityOperationsOf<DurableEntities[K]>>;
};

/** How the entity proxies reach the context: `callEntity` and `signalEntity` by id. */
export interface EntityMessenger {
  call(entity: EntityId, operation: string, input: unknown): DurableTask<unknown>;
  signal(entity: EntityId, operation: string, input: unknown, options: EntitySignalOptions | undefined): void;
}

/**
 * The runtime side of `ctx.entities`: any property is an entity name, any property of an entity
 * proxy an operation (`signal` holds the one-way ones). A proxy is never a thenable. The key is
 * checked when the proxy is made (InvalidArgumentError), the rest when an operation is sent.
 */
export function createEntityProxies<T extends object>(messenger: EntityMessenger): T {
  return createNamedProxy((name) => (key: string) => entityProxy(messenger, entityId(name, key))) as T;
}

function entityProxy(messenger: EntityMessenger, id: EntityId): object {
  const signal = createNamedProxy((operation) => (input?: unknown, options?: EntitySignalOptions) => messenger.signal(id, operation, input, options));
  return createNamedProxy((operation) => (operation === 'signal' ? signal : (input?: unknown) => messenger.call(id, operation, input)));
}
