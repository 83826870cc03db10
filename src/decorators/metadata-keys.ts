/**
 * Keys of the reflect-metadata entries written by the durable-ts decorators. `Symbol.for` keys
 * so that two copies of the package read each other's metadata.
 */

/** On an `@Orchestrator` class: `OrchestratorMetadata`. */
export const ORCHESTRATOR_METADATA_KEY: unique symbol = Symbol.for('durable-ts:orchestrator');

/** On an `@Activities()` class: `true`. */
export const ACTIVITIES_METADATA_KEY: unique symbol = Symbol.for('durable-ts:activities');

/** On a class with `@Activity` members: `readonly ActivityMethodMetadata[]` (copied on write). */
export const ACTIVITY_METHODS_METADATA_KEY: unique symbol = Symbol.for('durable-ts:activity-methods');

/** On an `@Entity` class: `EntityMetadata`. */
export const ENTITY_METADATA_KEY: unique symbol = Symbol.for('durable-ts:entity');

/** On a class made by `defineEntity`: the function that handles every operation. */
export const ENTITY_FUNCTION_METADATA_KEY: unique symbol = Symbol.for('durable-ts:entity-function');

/** On a class decorated by a durable-ts class decorator: the file it was declared in (`string`). */
export const DECLARED_IN_METADATA_KEY: unique symbol = Symbol.for('durable-ts:declared-in');
