import type { HistoryEvent } from '../model/history-event';
import { decodeJson } from '../model/json-codec';
import type { InstanceRecord } from '../storage/storage-records';
import type { GetStatusOptions, OrchestrationStatus } from './orchestration-status';

/** The documented status view of a stored instance (payloads decoded). */
export function toStatus<TInput, TOutput>(
  record: InstanceRecord,
  options: GetStatusOptions,
  history: readonly HistoryEvent[] | undefined,
): OrchestrationStatus<TInput, TOutput> {
  return {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    createdTime: record.createdAt,
    lastUpdatedTime: record.lastUpdatedAt,
    ...(options.showInput !== false && record.input !== undefined ? { input: decodeJson<TInput>(record.input) } : {}),
    ...(record.output !== undefined ? { output: decodeJson<TOutput>(record.output) } : {}),
    ...(record.failureDetails !== undefined ? { failureDetails: record.failureDetails } : {}),
    ...(record.customStatus !== undefined ? { customStatus: decodeJson(record.customStatus) } : {}),
    ...(history !== undefined ? { historyEvents: options.showHistoryOutput === true ? history : history.map(withoutPayloads) } : {}),
  };
}

function withoutPayloads(event: HistoryEvent): HistoryEvent {
  if (!('result' in event) && !('input' in event)) return event;
  const { result: _result, input: _input, ...rest } = event as HistoryEvent & { result?: string; input?: string };
  return rest as HistoryEvent;
}
