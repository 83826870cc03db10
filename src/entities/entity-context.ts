import type { EntityId } from '../model/entity-id';

/** What an entity operation can do besides changing state. */
export interface EntityContext {
  readonly entityName: string;
  readonly entityKey: string;
  /** `@name@key`. */
  readonly entityId: string;
  /** The operation being run. */
  readonly operationName: string;
  /**
   * True when the entity has state at this point of the operation: it existed before (or the
   * operation set it) and has not been deleted. A new entity's first operation sees false.
   */
  readonly hasState: boolean;
  /** One-way message to another entity, optionally delayed. */
  signalEntity(entity: string | EntityId, operation: string, input?: unknown, options?: { scheduledTime?: Date }): void;
  /** Starts an orchestration; returns its instance id. */
  startNewOrchestration(name: string, input?: unknown, instanceId?: string): string;
  /** Deletes the entity's state once the operation ends. */
  deleteState(): void;
}

const contexts = new WeakMap<object, EntityContext>();

/**
 * The context of the operation that `entity` is running: call it from an entity method as
 * `entityContextOf(this)`. Throws outside an operation.
 */
export function entityContextOf(entity: object): EntityContext {
  const context = contexts.get(entity);
  if (context === undefined) throw new Error('entityContextOf(this) works only inside an entity operation.');
  return context;
}

/** @internal Binds a context to the object for the duration of one operation. */
export function bindEntityContext(entity: object, context: EntityContext): () => void {
  contexts.set(entity, context);
  return () => contexts.delete(entity);
}
