/**
 * Typed external events. An orchestrator declares the events it waits for as the second type
 * argument of its context:
 *
 * ```ts
 * async run(ctx: OrchestrationContext<OrderInput, { shipped: ShippedEvent; cancelled: void }>)
 * ```
 *
 * A type argument rather than a decorator option (`@Orchestrator('X', { events: { shipped: ShippedEvent } })`)
 * because a payload is a type, not a value: an interface or a union has no runtime value to put in
 * a decorator, and a class used as one would suggest a runtime check that TypeScript does not do.
 * The type argument types `ctx.waitForExternalEvent` by the compiler alone, in the file that uses
 * it; codegen reads the same argument to type the client's `raiseEvent`.
 */

/** No events declared: the by-name API (`waitForExternalEvent<T>(anyName)`, `raiseEvent(anyName, anything)`). */
export type UndeclaredEvents = never;

/** True when `TEvents` is the default, i.e. the orchestrator declares no events. */
export type HasNoDeclaredEvents<TEvents> = [TEvents] extends [never] ? true : false;

/** The names an orchestrator declares (string keys of its events type). */
export type ExternalEventName<TEvents> = Extract<keyof TEvents, string>;

/** The event map of a `DurableOrchestrations` entry, `never` when it declares none. */
export type OrchestrationEventsOf<T> = T extends { readonly events: infer E } ? E : UndeclaredEvents;

/**
 * The payload argument of a typed `raiseEvent`: none for a `void` payload, optional when
 * `undefined` is accepted, required otherwise.
 */
export type EventDataArguments<TPayload> = [TPayload] extends [void]
  ? [eventData?: undefined]
  : undefined extends TPayload
    ? [eventData?: TPayload]
    : [eventData: TPayload];

/** The name a handle's `raiseEvent` accepts: a declared one, or any string when none is declared. */
export type RaisableEventName<TEvents> = HasNoDeclaredEvents<TEvents> extends true ? string : ExternalEventName<TEvents>;

/** The payload arguments of `raiseEvent(name, …)`: typed for a declared event, anything otherwise. */
export type RaiseEventArguments<TEvents, TName extends string> = HasNoDeclaredEvents<TEvents> extends true
  ? [eventData?: unknown]
  : TName extends keyof TEvents
    ? EventDataArguments<TEvents[TName]>
    : never;
