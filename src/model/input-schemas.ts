/**
 * The JSON Schemas of an app's declared inputs, as `durable codegen` writes them
 * (`durable-schemas.ts`) from the TypeScript types: the host checks what arrives through its
 * doors (HTTP starts, raised events, entity signals, the by-name client APIs) against them
 * before anything is stored. Names are as declared; an input that accepts anything has no entry.
 */
export interface DurableSchemas {
  readonly orchestrators: { readonly [name: string]: { readonly input?: InputSchema; readonly events?: { readonly [event: string]: InputSchema } } };
  readonly activities: { readonly [name: string]: InputSchema };
  readonly entities: { readonly [name: string]: { readonly [operation: string]: InputSchema } };
}

/** One input's schema (JSON Schema draft-07); `optional` when the type also accepts no value. */
export interface InputSchema {
  readonly optional: boolean;
  readonly schema: { readonly [keyword: string]: unknown };
}

/** Where an input enters: what a validator checks it against. */
export type InputTarget =
  | { readonly kind: 'orchestrator'; readonly name: string }
  | { readonly kind: 'event'; readonly orchestrator: string; readonly event: string }
  | { readonly kind: 'entity-operation'; readonly entity: string; readonly operation: string }
  | { readonly kind: 'activity'; readonly name: string };

/**
 * Checks inputs against the declared types. The client calls it with the value as it will be
 * stored (the input after its JSON round trip), before storing anything.
 */
export interface InputValidator {
  /** Throws InputValidationError (code INPUT_INVALID) when `value` does not match the target's declared type; a target without a schema accepts anything. */
  validate(target: InputTarget, value: unknown): void;
  /** True when some orchestrator declares event payloads: only then does raising an event need the instance's name. */
  readonly checksEvents: boolean;
}
