import type { RaisableEventName, RaiseEventArguments, UndeclaredEvents } from '../model/durable-event-types';
import type { GetStatusOptions, OrchestrationStatus, StartOrchestrationOptions, WaitForCompletionOptions } from './orchestration-status';

/**
 * The DurableClient methods a handle and the typed starters use. Declared here, rather than
 * importing DurableClient, so that the client (which builds the starters) and the handles do
 * not import each other.
 */
export interface InstanceOperations {
  startNew(name: string, options?: StartOrchestrationOptions): Promise<string>;
  getStatus<TInput, TOutput>(instanceId: string, options?: GetStatusOptions): Promise<OrchestrationStatus<TInput, TOutput> | undefined>;
  waitForCompletion<TOutput>(instanceId: string, options?: WaitForCompletionOptions): Promise<OrchestrationStatus<unknown, TOutput>>;
  raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void>;
  terminate(instanceId: string, reason?: string): Promise<void>;
}

/**
 * One orchestration instance, with its input, output and event types: what
 * `client.orchestrations.Name.start()` returns. Every method is the DurableClient method of the
 * same name for this instance id.
 */
export class OrchestrationHandle<TInput = unknown, TOutput = unknown, TEvents = UndeclaredEvents> {
  constructor(
    private readonly client: InstanceOperations,
    readonly instanceId: string,
  ) {}

  /** The instance's status, or undefined when it does not exist (any more). */
  getStatus(options: GetStatusOptions = {}): Promise<OrchestrationStatus<TInput, TOutput> | undefined> {
    return this.client.getStatus<TInput, TOutput>(this.instanceId, options);
  }

  /** Resolves once the instance is Completed, Failed or Terminated; WaitTimeoutError after `timeoutMs`. */
  async waitForCompletion(options: WaitForCompletionOptions = {}): Promise<OrchestrationStatus<TInput, TOutput>> {
    const status = await this.client.waitForCompletion<TOutput>(this.instanceId, options);
    return status as OrchestrationStatus<TInput, TOutput>;
  }

  /**
   * Sends an event to the instance (names are case-insensitive). When the orchestrator declares
   * its events (`OrchestrationContext<Input, Events>`), only those names and payloads compile.
   */
  raiseEvent<TName extends RaisableEventName<TEvents>>(eventName: TName, ...eventData: RaiseEventArguments<TEvents, TName>): Promise<void> {
    return this.client.raiseEvent(this.instanceId, eventName, eventData[0]);
  }

  /** Ends the running instance as Terminated, with `reason` as its output. */
  terminate(reason?: string): Promise<void> {
    return this.client.terminate(this.instanceId, reason);
  }
}
