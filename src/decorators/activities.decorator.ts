import 'reflect-metadata';
import { applyInjectable } from './apply-injectable';
import { ACTIVITIES_METADATA_KEY } from './metadata-keys';

/**
 * Marks a class whose `@Activity` methods are activity functions. Needed (besides marking) so
 * that the class has constructor metadata and tsyringe can inject its constructor parameters.
 */
export function Activities(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(ACTIVITIES_METADATA_KEY, true, target);
    applyInjectable(target);
  };
}
