import { instanceToPlain, plainToClassFromExist } from 'class-transformer';
import type { DependencyContainer } from 'tsyringe';
import { readEntityFunction } from '../decorators/define-entity';
import type { EntityDescriptor } from '../entities/entity-descriptor';
import { entityOperations } from '../registry/entity-operations';
import type { FunctionRegistration } from '../registry/function-registration';
import { injectedKeys } from './injected-keys';
import { recordingConstructor } from './recording-constructor';

/**
 * An entity class as the executor uses it: a fresh object per operation from the container
 * (constructor injection), filled from stored state with class-transformer (`@Type()` restores
 * nested classes and dates) and captured back with it.
 *
 * What is state (the same rule as codegen's `stateFields`, see README "What an entity stores"): the
 * object's own data fields of any TypeScript visibility (visibility is erased at run time), except
 * the fields holding a constructor argument (injected services), `@Exclude()`d fields, and what
 * is never an own enumerable property (`#private` fields, methods, accessors).
 */
export function entityDescriptor(reg: FunctionRegistration, container: DependencyContainer): EntityDescriptor {
  const handler = readEntityFunction(reg.target);
  if (handler !== undefined) {
    return {
      name: reg.name,
      create: () => ({}),
      operations: new Map(),
      restore: () => undefined,
      capture: () => undefined,
      dispatch: async (_target, context) => handler(context),
    };
  }
  const construct = recordingConstructor(reg.target);
  // Learned right after construction, before an operation can reassign a field.
  const injected = new WeakMap<object, ReadonlySet<string>>();
  const injectedOf = (target: object): ReadonlySet<string> => injected.get(target) ?? new Set();
  return {
    name: reg.name,
    create: () => {
      const { instance, args } = construct(container);
      injected.set(instance, injectedKeys(instance, args));
      return instance;
    },
    operations: entityOperations(reg.target),
    restore: (target, state) => {
      // Rows written before this rule may hold a service's fields: they must not replace the service.
      if (state !== null && typeof state === 'object') plainToClassFromExist(target, omitKeys(state, injectedOf(target)));
    },
    capture: (target) => instanceToPlain(omitKeys(target, injectedOf(target))),
  };
}

/**
 * A shallow copy of `source` without `keys`, with the same prototype, so class-transformer still
 * finds the class's `@Exclude()`/`@Type()` metadata and never walks into the omitted services.
 */
function omitKeys(source: object, keys: ReadonlySet<string>): object {
  if (keys.size === 0) return source;
  const copy = Object.create(Object.getPrototypeOf(source)) as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (!keys.has(key)) copy[key] = value;
  }
  return copy;
}
