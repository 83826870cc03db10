import type { DurableTask } from './durable-task';
import type {
  DurableActivities,
  DurableOrchestrations,
  FunctionCallArguments,
  FunctionInput,
  FunctionOutput,
} from '../model/durable-function-types';
import { createNamedProxy } from '../model/named-proxy';
import type { ActivityOptions, SubOrchestrationOptions } from './retry-options';

/** `ctx.activities`: one function per activity that codegen found, calling `callActivity` by name. */
export type ActivityProxies = {
  readonly [K in keyof DurableActivities]: (
    ...args: FunctionCallArguments<FunctionInput<DurableActivities[K]>, ActivityOptions>
  ) => DurableTask<FunctionOutput<DurableActivities[K]>>;
};

/** `ctx.orchestrations`: one function per orchestrator, calling `callSubOrchestrator` by name. */
export type SubOrchestrationProxies = {
  readonly [K in keyof DurableOrchestrations]: (
    ...args: FunctionCallArguments<FunctionInput<DurableOrchestrations[K]>, SubOrchestrationOptions>
  ) => DurableTask<FunctionOutput<DurableOrchestrations[K]>>;
};

/** How a proxy calls a function by name. */
export type NamedCall = (name: string, input: unknown, options: unknown) => DurableTask<unknown>;

/**
 * A proxy whose every property is a function calling `call` with the property's name: the
 * runtime side of `ctx.activities` and `ctx.orchestrations` (the types come from codegen).
 */
export function createNamedCallProxy<T extends object>(call: NamedCall): T {
  return createNamedProxy<T>((name) => (input?: unknown, options?: unknown) => call(name, input, options));
}
