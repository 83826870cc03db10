import 'reflect-metadata';
import type { EntityFunction } from '../entities/entity-function-context';
import { Entity } from './entity.decorator';
import { ENTITY_FUNCTION_METADATA_KEY } from './metadata-keys';

/**
 * A function-based entity, for dynamic operations: list the returned class in `functions` like
 * any `@Entity` class. Callers use it exactly as a class-based entity (same ids, calls, signals).
 *
 * ```ts
 * export const Counter2 = defineEntity<number>('Counter2', (ctx) => {
 *   const value = ctx.getState(() => 0) ?? 0;
 *   if (ctx.operationName === 'add') ctx.setState(value + ctx.getInput<number>());
 *   if (ctx.operationName === 'get') ctx.return(value);
 * });
 * ```
 */
export function defineEntity<TState = unknown>(name: string, handler: EntityFunction<TState>): new () => object {
  const entityClass = class FunctionEntity {};
  Object.defineProperty(entityClass, 'name', { value: `${name}Entity` });
  Reflect.defineMetadata(ENTITY_FUNCTION_METADATA_KEY, handler, entityClass);
  Entity(name)(entityClass);
  return entityClass;
}

/** The handler of a class made by `defineEntity`, if it is one. */
export function readEntityFunction(cls: Function): EntityFunction | undefined {
  return Reflect.getOwnMetadata(ENTITY_FUNCTION_METADATA_KEY, cls) as EntityFunction | undefined;
}
