import type { DurableTask } from './durable-task';
import type {
  DurableActivities,
  DurableOrchestrations,
  FunctionCallArguments,
  FunctionInput,
  FunctionOutput,
} from '../model/durable-function-types';
import type { SubOrchestrationOptions, TaskOptions } from './retry-options';

/** `ctx.activities`: one function per activity that codegen found, calling `callActivity` by name. */
export type ActivityProxies = {
  readonly [K in keyof DurableActivities]: (
    ...args: FunctionCallArguments<FunctionInput<DurableActivities[K]>, TaskOptions>
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
 * `then` is not a property, so the proxy is never mistaken for a promise.
 */
export function createNamedCallProxy<T extends object>(call: NamedCall): T {
  const functions = new Map<string, (input?: unknown, options?: unknown) => DurableTask<unknown>>();
  const handler: ProxyHandler<object> = {
    get(_target, property) {
      if (typeof property !== 'string' || property === 'then') return undefined;
      let fn = functions.get(property);
      if (fn === undefined) {
        fn = (input?: unknown, options?: unknown) => call(property, input, options);
        functions.set(property, fn);
      }
      return fn;
    },
  };
  return new Proxy({}, handler) as T;
}
