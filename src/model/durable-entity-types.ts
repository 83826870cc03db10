import type { DurableEntities } from './durable-function-types';

/**
 * The shape of one entry of `DurableEntities`, as codegen declares it for every `@Entity` class:
 *
 * ```ts
 * Counter: {
 *   state: { value: number };
 *   operations: { add: { input: number; output: void }; get: { input: void; output: number }; … };
 * };
 * ```
 */
export interface DurableEntityTypes<TState = unknown, TOperations = Record<string, { readonly input: unknown; readonly output: unknown }>> {
  /** The entity's data fields, as a client reads them back from JSON. */
  readonly state: TState;
  /** Operation name → `{ input; output }` (the output of an async operation is unwrapped). */
  readonly operations: TOperations;
}

/** The operations map of a `DurableEntities` entry. */
export type EntityOperationsOf<T> = T extends { readonly operations: infer O } ? O : Record<never, never>;

/** The state type of a `DurableEntities` entry. */
export type EntityStateOf<T> = T extends { readonly state: infer S } ? S : unknown;

/** The state of the entity `TName` that codegen found: `EntityState<'Counter'>` is `{ value: number }`. */
export type EntityState<TName extends keyof DurableEntities> = EntityStateOf<DurableEntities[TName]>;

/** Options of a one-way signal. */
export interface EntitySignalOptions {
  /** Deliver the operation at this time instead of now. */
  readonly scheduledTime?: Date;
}

/**
 * The arguments of a typed two-way entity call: none for a `void` input, an optional one when
 * `undefined` is accepted, a required one otherwise.
 */
export type EntityCallArguments<TInput> = [TInput] extends [void] ? [] : undefined extends TInput ? [input?: TInput] : [input: TInput];
