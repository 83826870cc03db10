import type { EntityContext } from './entity-context';

/** What a function-based entity receives for each operation (the Durable Functions JS shape). */
export interface EntityFunctionContext<TState = unknown> extends EntityContext {
  /** The operation's input. */
  getInput<T = unknown>(): T;
  /** The current state; `initializer` gives the value of an entity that has none yet. */
  getState(initializer?: () => TState): TState | undefined;
  setState(state: TState): void;
  /** The operation's result (the function's own return value is used when this is not called). */
  return(value: unknown): void;
}

/** The whole of a function-based entity: one function that switches on `ctx.operationName`. */
export type EntityFunction<TState = unknown> = (ctx: EntityFunctionContext<TState>) => unknown;
