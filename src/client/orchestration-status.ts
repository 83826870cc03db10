import type { InstanceIdReuse } from '../model/instance-id';
import type { FailureDetails } from '../model/failure-details';
import type { HistoryEvent } from '../model/history-event';
import type { RuntimeStatus } from '../model/runtime-status';

/** The documented status of an orchestration instance, with payloads decoded from JSON. */
export interface OrchestrationStatus<TInput = unknown, TOutput = unknown> {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: RuntimeStatus;
  /** Present when asked for with `showInput` (the default). */
  readonly input?: TInput;
  /** The result when Completed. */
  readonly output?: TOutput;
  /** What failed, when Failed. */
  readonly failureDetails?: FailureDetails;
  readonly customStatus?: unknown;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
  /** Present with `showHistory`; results and inputs only with `showHistoryOutput`. */
  readonly historyEvents?: readonly HistoryEvent[];
}

export interface GetStatusOptions {
  readonly showHistory?: boolean;
  readonly showHistoryOutput?: boolean;
  /** Defaults to true. */
  readonly showInput?: boolean;
}

export interface StartOrchestrationOptions<TInput = unknown> {
  /** Defaults to a new random id. */
  readonly instanceId?: string;
  readonly input?: TInput;
  /** The version recorded with the instance; defaults to the orchestrator's or the host's. */
  readonly version?: string;
  /**
   * 'finished' (the default, as Durable Functions): the id of a Completed, Failed or Terminated
   * instance may be reused, replacing it. 'never': any existing instance with the id is refused
   * with InstanceAlreadyExistsError, decided atomically with the creation.
   */
  readonly idReuse?: InstanceIdReuse;
}

export interface WaitForCompletionOptions {
  /** How long to wait before WaitTimeoutError; defaults to 60 s. */
  readonly timeoutMs?: number;
  /** How often to look at storage for changes made by other processes; defaults to 1 s. */
  readonly pollIntervalMs?: number;
}
