import type { DurableClient } from './durable-client';
import type { GetStatusOptions, OrchestrationStatus, WaitForCompletionOptions } from './orchestration-status';

/**
 * One orchestration instance, with its input and output types: what
 * `client.orchestrations.Name.start()` returns. Every method is the DurableClient method of the
 * same name for this instance id.
 */
export class OrchestrationHandle<TInput = unknown, TOutput = unknown> {
  constructor(
    private readonly client: DurableClient,
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

  /** Sends an event to the instance (names are case-insensitive). */
  raiseEvent(eventName: string, eventData?: unknown): Promise<void> {
    return this.client.raiseEvent(this.instanceId, eventName, eventData);
  }

  /** Ends the running instance as Terminated, with `reason` as its output. */
  terminate(reason?: string): Promise<void> {
    return this.client.terminate(this.instanceId, reason);
  }
}
