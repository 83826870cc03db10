import { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import { actionToHistoryEvent, describeAction, matchesRecordedAction, recordedActionOf } from './action-history';
import type { EpisodeResult, OrchestrationCompletion } from './orchestration-executor';
import type { OrchestratorAction } from './orchestrator-action';

const MAX_SHOWN = 200;

/** One executor's episode: its result and how many durable calls the code had made by then. */
export interface EpisodeOutcome {
  readonly result: EpisodeResult;
  readonly durableCalls: number;
}

/**
 * Compares an episode run on a live (cached) executor with the same episode replayed from history
 * on a fresh one. Deterministic code gives the same actions, in the same steps, and the same
 * ending; the first difference is returned as the error that fails the instance, or undefined.
 * Actions are compared as replay compares them with history (kind, name, target; not inputs).
 */
export function compareEpisodes(instanceId: string, run: EpisodeOutcome, replay: EpisodeOutcome): NonDeterministicOrchestrationError | undefined {
  // The replay already diverged from the recorded history: its own error names step and actions.
  if (replay.result.nonDeterminism !== undefined && run.result.nonDeterminism === undefined) return replay.result.nonDeterminism;
  const count = Math.max(run.result.actions.length, replay.result.actions.length);
  for (let i = 0; i < count; i++) {
    const ran = run.result.actions[i];
    const replayed = replay.result.actions[i];
    if (ran !== undefined && replayed !== undefined && sameAction(ran, replayed)) continue;
    const step = Math.min(ran?.id ?? Infinity, replayed?.id ?? Infinity);
    return NonDeterministicOrchestrationError.replayDiffers(instanceId, step, describeDoing(ran, step), describeDoing(replayed, step));
  }
  const ranEnd = describeCompletion(run.result.completion);
  const replayEnd = describeCompletion(replay.result.completion);
  if (ranEnd !== replayEnd) return NonDeterministicOrchestrationError.replayDiffers(instanceId, run.durableCalls, ranEnd, replayEnd);
  return undefined;
}

function sameAction(a: OrchestratorAction, b: OrchestratorAction): boolean {
  const recorded = recordedActionOf(actionToHistoryEvent(b, ''));
  return a.id === b.id && recorded !== undefined && matchesRecordedAction(a, recorded);
}

function describeDoing(action: OrchestratorAction | undefined, step: number): string {
  if (action === undefined) return 'scheduled nothing at that step';
  return action.id === step ? `scheduled ${describeAction(action)}` : `scheduled nothing at that step (its next call was step ${action.id})`;
}

function describeCompletion(completion: OrchestrationCompletion | undefined): string {
  if (completion === undefined) return 'kept waiting';
  if (completion.status === 'Failed') return `failed with ${completion.failureDetails?.errorType ?? 'an error'}: ${completion.failureDetails?.message ?? ''}`;
  // The result is JSON already; long ones are cut, as the message is for a person to read.
  const result = completion.result === undefined ? '' : ` with ${completion.result.length > MAX_SHOWN ? `${completion.result.slice(0, MAX_SHOWN)}…` : completion.result}`;
  return `${completion.status.toLowerCase()}${result}`;
}
