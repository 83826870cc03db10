import type { OrchestrationStatus } from '../client/orchestration-status';
import type { FailureDetails } from '../model/failure-details';
import type { RuntimeStatus } from '../model/runtime-status';
import { toHistoryView, type HistoryEventView, type HistoryViewOptions } from './history-view';

/**
 * The body of `GET /runtime/webhooks/durabletask/instances/{instanceId}`, with the documented
 * field names; absent values are `null`, as in Durable Functions. `failureDetails` is a
 * durable-ts addition, present for a Failed instance.
 */
export interface StatusResponsePayload {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input: unknown;
  readonly customStatus: unknown;
  readonly output: unknown;
  /** ISO 8601, whole seconds, UTC (`2018-02-28T05:18:49Z`). */
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly historyEvents: readonly HistoryEventView[] | null;
  readonly failureDetails?: FailureDetails;
}

/** Converts a client status (fetched with history payloads) to the documented HTTP view. */
export function toStatusResponse(status: OrchestrationStatus, options: HistoryViewOptions): StatusResponsePayload {
  return {
    name: status.name,
    instanceId: status.instanceId,
    runtimeStatus: status.runtimeStatus,
    input: options.showInput ? (status.input ?? null) : null,
    customStatus: status.customStatus ?? null,
    output: outputOf(status),
    createdTime: isoSeconds(status.createdTime),
    lastUpdatedTime: isoSeconds(status.lastUpdatedTime),
    historyEvents: status.historyEvents !== undefined ? toHistoryView(status.historyEvents, options) : null,
    ...(status.failureDetails !== undefined ? { failureDetails: status.failureDetails } : {}),
  };
}

/** A Failed instance's output is its failure message, as Durable Functions reports it. */
function outputOf(status: OrchestrationStatus): unknown {
  if (status.runtimeStatus === 'Failed' && status.failureDetails !== undefined && status.output === undefined) {
    return `Orchestrator function '${status.name}' failed: ${status.failureDetails.message}`;
  }
  return status.output ?? null;
}

/** `2018-02-28T05:18:49Z`: the format of the extension's createdTime and lastUpdatedTime. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
