import { instanceToPlain, plainToClassFromExist } from 'class-transformer';
import type { DependencyContainer } from 'tsyringe';
import { readEntityFunction } from '../decorators/define-entity';
import type { EntityDescriptor } from '../entities/entity-descriptor';
import { entityOperations } from '../registry/entity-operations';
import type { FunctionRegistration } from '../registry/function-registration';
import { asInjectionToken } from './as-injection-token';

/**
 * An entity class as the executor uses it: a fresh object per operation from the container
 * (constructor injection), filled from stored state with class-transformer (`@Type()` restores
 * nested classes and dates) and captured back with it (`@Exclude()` keeps services out).
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
  return {
    name: reg.name,
    create: () => container.resolve(asInjectionToken(reg.target)),
    operations: entityOperations(reg.target),
    restore: (target, state) => {
      if (state !== null && typeof state === 'object') plainToClassFromExist(target, state);
    },
    capture: (target) => instanceToPlain(target),
  };
}
