import type { EntityFunctionContext } from './entity-function-context';

/** How the executor reaches an entity class: built by the host from the registry and container. */
export interface EntityDescriptor {
  /** The declared name (entity ids use it lower-cased). */
  readonly name: string;
  /** A fresh object of the class with its dependencies injected. */
  create(): object;
  /** Operation name, lower-cased → method name. */
  readonly operations: ReadonlyMap<string, string | symbol>;
  /** Fills `target` from stored state (class-transformer), never its injected dependencies. */
  restore(target: object, state: unknown): void;
  /**
   * The state to store from `target` (class-transformer): its own data fields, not the ones holding
   * injected dependencies and not `@Exclude()`d ones (README "What an entity stores").
   */
  capture(target: object): unknown;
  /** Function-based entities: runs any operation (the `operations` map is then empty). */
  dispatch?(target: object, context: EntityFunctionContext): Promise<unknown>;
}
