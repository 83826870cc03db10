import 'reflect-metadata';
import { applyInjectable } from './apply-injectable';
import { legacyClassDecorator } from './legacy-decorator';
import { ACTIVITIES_METADATA_KEY } from './metadata-keys';

/**
 * Marks a class whose `@Activity` methods are activity functions. Needed (besides marking) so
 * that the class has constructor metadata and tsyringe can inject its constructor parameters.
 * @throws CompilerOptionsError at decoration time when compiled without `experimentalDecorators`.
 */
export function Activities(): ClassDecorator {
  return legacyClassDecorator('@Activities', (target) => {
    Reflect.defineMetadata(ACTIVITIES_METADATA_KEY, true, target);
    applyInjectable(target);
  });
}
