import 'reflect-metadata';
import { InvalidFunctionNameError } from '../model/errors/invalid-function-name-error';
import { applyInjectable } from './apply-injectable';
import { assertOptionalDecoratorName } from './decorator-name';
import type { EntityMetadata } from './decorator-metadata';
import { legacyClassDecorator } from './legacy-decorator';
import { ENTITY_METADATA_KEY } from './metadata-keys';

/**
 * Declares a durable entity class. Its operations are its public methods (entity semantics are
 * implemented by the entity executor; this decorator only records the name).
 * @param name the entity name; defaults to the class name. It may not contain '@', because
 *   entity ids are written `@name@key`.
 * @throws InvalidFunctionNameError at decoration time when `name` is given but not valid.
 * @throws CompilerOptionsError at decoration time when compiled without `experimentalDecorators`.
 */
export function Entity(name?: string): ClassDecorator {
  assertOptionalDecoratorName(name);
  if (name?.includes('@')) throw new InvalidFunctionNameError(name, "entity names may not contain '@'");
  return legacyClassDecorator('@Entity', (target) => {
    const metadata: EntityMetadata = { name: name ?? target.name };
    Reflect.defineMetadata(ENTITY_METADATA_KEY, metadata, target);
    applyInjectable(target);
  });
}
