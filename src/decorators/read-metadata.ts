import 'reflect-metadata';
import type { ActivityMethodMetadata, EntityMetadata, OrchestratorMetadata } from './decorator-metadata';
import {
  ACTIVITIES_METADATA_KEY,
  ACTIVITY_METHODS_METADATA_KEY,
  ENTITY_METADATA_KEY,
  ORCHESTRATOR_METADATA_KEY,
} from './metadata-keys';

/**
 * The `@Orchestrator` metadata declared on `cls` itself (a subclass of an orchestrator class is
 * not an orchestrator unless it is decorated too), or undefined.
 */
export function readOrchestratorMetadata(cls: Function): OrchestratorMetadata | undefined {
  return Reflect.getOwnMetadata(ORCHESTRATOR_METADATA_KEY, cls) as OrchestratorMetadata | undefined;
}

/** True when `cls` itself carries `@Activities()`. */
export function isActivitiesClass(cls: Function): boolean {
  return Reflect.getOwnMetadata(ACTIVITIES_METADATA_KEY, cls) === true;
}

/**
 * Every `@Activity` member of `cls`, including those inherited from decorated base classes, in
 * declaration order (base class first). Empty when there are none.
 */
export function readActivityMethods(cls: Function): readonly ActivityMethodMetadata[] {
  const list: unknown = Reflect.getMetadata(ACTIVITY_METHODS_METADATA_KEY, cls);
  return Array.isArray(list) ? (list as readonly ActivityMethodMetadata[]) : [];
}

/** The `@Entity` metadata declared on `cls` itself, or undefined. */
export function readEntityMetadata(cls: Function): EntityMetadata | undefined {
  return Reflect.getOwnMetadata(ENTITY_METADATA_KEY, cls) as EntityMetadata | undefined;
}
