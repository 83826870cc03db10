// The function maps are declared next to the orchestration context and augmented by generated
// code; they are types only, so they are taken from the public entry (a package import).
import type { DurableOrchestrations, FunctionCallArguments, FunctionInput, FunctionOutput } from '../model/durable-function-types';
import type { OrchestrationEventsOf, UndeclaredEvents } from '../model/durable-event-types';
import { createNamedProxy } from '../model/named-proxy';
import { OrchestrationHandle, type InstanceOperations } from './orchestration-handle';
import type { StartOrchestrationOptions } from './orchestration-status';

/** Options of a typed start: the input is the first argument. */
export type TypedStartOptions = Omit<StartOrchestrationOptions, 'input'>;

/** Starts one kind of orchestration, typed: `client.orchestrations.E1_HelloSequence`. */
export interface OrchestrationStarter<TInput, TOutput, TEvents = UndeclaredEvents> {
  /** Starts a new instance (see `DurableClient.startNew`) and returns its handle. */
  start(...args: FunctionCallArguments<TInput, TypedStartOptions>): Promise<OrchestrationHandle<TInput, TOutput, TEvents>>;
  /** A handle on an existing instance of this orchestration. */
  handle(instanceId: string): OrchestrationHandle<TInput, TOutput, TEvents>;
}

/** `client.orchestrations`: one starter per orchestrator that codegen found. */
export type OrchestrationStarters = {
  readonly [K in keyof DurableOrchestrations]: OrchestrationStarter<
    FunctionInput<DurableOrchestrations[K]>,
    FunctionOutput<DurableOrchestrations[K]>,
    OrchestrationEventsOf<DurableOrchestrations[K]>
  >;
};

/** The runtime side of `client.orchestrations`: a starter for any property name. */
export function createOrchestrationStarters(client: InstanceOperations): OrchestrationStarters {
  return createNamedProxy<OrchestrationStarters>((name) => starterFor(client, name));
}

function starterFor(client: InstanceOperations, name: string): OrchestrationStarter<unknown, unknown> {
  return {
    async start(input?: unknown, options: TypedStartOptions = {}) {
      const instanceId = await client.startNew(name, { ...options, input });
      return new OrchestrationHandle(client, instanceId);
    },
    handle(instanceId: string) {
      return new OrchestrationHandle(client, instanceId);
    },
  };
}
