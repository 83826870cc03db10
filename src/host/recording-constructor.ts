import 'reflect-metadata';
import { injectable, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Constructor } from '../registry/function-registration';

/** An object the container built, with the arguments its constructor received. */
export interface ConstructedObject {
  readonly instance: object;
  readonly args: readonly unknown[];
}

/**
 * Resolves `cls` through the container exactly as `container.resolve(cls)` would (same
 * `design:paramtypes`, same `@inject(token)` parameters), and also tells which arguments the
 * constructor received: the entity runtime needs them to tell injected services from state.
 *
 * Why a Proxy of the class rather than asking the container for the parameters separately:
 * resolving them a second time would give other objects for transient registrations, so identity
 * with the fields would prove nothing. The proxy sees the very arguments tsyringe passes.
 * `Reflect.construct(target, args)` keeps the real class as new.target, so the instance's
 * prototype and `constructor` are the class's own and class-transformer finds its metadata.
 * A registration the app made for the class itself is bypassed (entities are never shared).
 */
export function recordingConstructor(cls: Constructor): (container: DependencyContainer) => ConstructedObject {
  const received = new WeakMap<object, readonly unknown[]>();
  const recorder = new Proxy(cls, {
    construct(target, args) {
      const instance = Reflect.construct(target, args) as object;
      received.set(instance, args);
      return instance;
    },
  });
  // All of the class's own metadata, so tsyringe reads its parameter types and its `@inject`
  // tokens from the proxy without this file naming tsyringe's private metadata key.
  for (const key of Reflect.getOwnMetadataKeys(cls)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, cls), recorder);
  }
  injectable()(recorder as unknown as new (...args: unknown[]) => object);
  const token = recorder as unknown as InjectionToken<object>;
  return (container) => {
    const instance = container.resolve(token);
    return { instance, args: received.get(instance) ?? [] };
  };
}
