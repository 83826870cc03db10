import { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import type { HistoryEvent } from '../model/history-event';
import type { InputValidator } from '../model/input-schemas';
import { silentLogger } from '../model/logger';
import type { OrchestratorFunction } from './orchestration-context';
import { OrchestrationExecutor, type OrchestrationCompletion } from './orchestration-executor';

/**
 * Replays a stored history against the current orchestrator code, as a host would after a
 * restart, and returns where the code no longer matches it: a different or missing durable call
 * (the replay's own determinism check), or a history that completed while the code now fails or
 * keeps waiting. Undefined when the code still fits the history. Nothing is scheduled or stored;
 * the code sees `isReplaying` throughout, so its replay-guarded side effects do not run.
 */
export async function replayRecordedHistory(
  instanceId: string,
  orchestrator: OrchestratorFunction,
  history: readonly HistoryEvent[],
  inputValidator?: InputValidator,
  /** The payload limit of the hosts that ran the history: a payload over it throws, which changes the path. */
  maxPayloadBytes?: number,
): Promise<NonDeterministicOrchestrationError | undefined> {
  const executor = new OrchestrationExecutor({
    instanceId,
    orchestrator,
    logger: silentLogger,
    replayingThroughout: true,
    maxPayloadBytes,
    ...(inputValidator !== undefined ? { inputValidator } : {}),
  });
  const result = await executor.execute(history, []);
  if (result.nonDeterminism !== undefined) return result.nonDeterminism;
  const recordedEnd = history.find((e): e is Extract<HistoryEvent, { type: 'ExecutionCompleted' }> => e.type === 'ExecutionCompleted');
  if (recordedEnd?.orchestrationStatus !== 'Completed' || result.completion?.status === 'Completed') return undefined;
  return new NonDeterministicOrchestrationError(instanceId, executor.durableCalls, 'ExecutionCompleted (Completed)', describeEnd(result.completion));
}

function describeEnd(completion: OrchestrationCompletion | undefined): string {
  if (completion === undefined) return 'keeps waiting for a durable task';
  if (completion.status === 'Failed') return `fails with ${completion.failureDetails?.errorType ?? 'an error'}: ${completion.failureDetails?.message ?? ''}`;
  return `ends ${completion.status}`;
}
