/**
 * The typed function maps that codegen fills by module augmentation. They are empty here: the
 * generated file (`npm run codegen`) declares, for every decorated function it found,
 *
 * ```ts
 * declare module 'durable-ts' {
 *   interface DurableActivities { E1_SayHello: { input: string; output: string } }
 *   interface DurableOrchestrations { E1_HelloSequence: { input: void; output: string[] } }
 * }
 * ```
 *
 * An orchestrator that declares its external events (`OrchestrationContext<Input, Events>`) also
 * gets `events: { shipped: ShippedEvent; … }` in its entry, which types the handles' `raiseEvent`:
 *
 * ```ts
 * ProcessOrder: { input: OrderInput; output: string; events: { shipped: ShippedEvent } }
 * ```
 *
 * (and `DurableEntities` for every `@Entity` class), and `ctx.activities`, `ctx.orchestrations`,
 * `ctx.entities`, `client.orchestrations` and `client.entities` become typed.
 */

/** Activity name → `{ input; output }`, declared by the generated code. */
export interface DurableActivities {}

/** Orchestrator name → `{ input; output; events? }`, declared by the generated code. */
export interface DurableOrchestrations {}

/**
 * Entity name → `{ state; operations }` (see `DurableEntityTypes`), declared by the generated code;
 * it types `ctx.entities` and `client.entities`.
 */
export interface DurableEntities {}

/** The shape of one entry of the function maps. */
export interface DurableFunctionTypes<TInput = unknown, TOutput = unknown> {
  readonly input: TInput;
  readonly output: TOutput;
}

/** The input type of a function map entry. */
export type FunctionInput<T> = T extends { readonly input: infer I } ? I : unknown;

/** The output type of a function map entry. */
export type FunctionOutput<T> = T extends { readonly output: infer O } ? O : unknown;

/**
 * The arguments of a typed call: no input for a `void` input, an optional one when `undefined`
 * is accepted, a required one otherwise; then the call's options.
 */
export type FunctionCallArguments<TInput, TOptions> = [TInput] extends [void]
  ? [input?: undefined, options?: TOptions]
  : undefined extends TInput
    ? [input?: TInput, options?: TOptions]
    : [input: TInput, options?: TOptions];
