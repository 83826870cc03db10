import 'reflect-metadata';
import { assertOptionalDecoratorName } from './decorator-name';
import type { ActivityMemberKind, ActivityMethodMetadata } from './decorator-metadata';
import { legacyMethodDecorator } from './legacy-decorator';
import { ACTIVITY_METHODS_METADATA_KEY } from './metadata-keys';

/**
 * Declares an activity function: an instance method of an `@Activities()` class.
 * @param name the activity's function name; defaults to the method name.
 * @throws InvalidFunctionNameError at decoration time when `name` is given but not valid.
 * @throws CompilerOptionsError at decoration time when compiled without `experimentalDecorators`.
 */
export function Activity(name?: string): MethodDecorator {
  assertOptionalDecoratorName(name);
  return legacyMethodDecorator('@Activity', (target, propertyKey, descriptor) => {
    const isStatic = typeof target === 'function';
    const owner: object = isStatic ? target : target.constructor;
    const entry: ActivityMethodMetadata = {
      name: name ?? String(propertyKey),
      method: propertyKey,
      memberKind: memberKindOf(isStatic, descriptor),
    };
    // Copy on write: never append to a list inherited from a base class.
    const inherited: unknown = Reflect.getMetadata(ACTIVITY_METHODS_METADATA_KEY, owner);
    const list: readonly ActivityMethodMetadata[] = Array.isArray(inherited) ? inherited : [];
    Reflect.defineMetadata(ACTIVITY_METHODS_METADATA_KEY, [...list, entry], owner);
  });
}

function memberKindOf(isStatic: boolean, descriptor: PropertyDescriptor | undefined): ActivityMemberKind {
  if (descriptor === undefined) return 'property';
  if (descriptor.get !== undefined || descriptor.set !== undefined) return 'accessor';
  if (typeof descriptor.value !== 'function') return 'property';
  return isStatic ? 'static-method' : 'method';
}
