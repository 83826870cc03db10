import type { EventSentEvent, HistoryEvent, SubOrchestrationInstanceCreatedEvent, TaskScheduledEvent, TimerCreatedEvent } from '../model/history-event';
import { newHistoryEvent } from '../model/history-event-factory';
import type { OrchestratorAction } from './orchestrator-action';

/**
 * The one vocabulary between orchestrator actions and history. An action the code takes is
 * recorded as one history event whose `eventId` is the action's step; on replay that event is
 * read back as the action history says was taken there, and compared with what the code did.
 * The commit builder (action → event) and the executor (event → recorded action) both use it,
 * so the two directions cannot drift apart.
 */

/** The history events that record an action, one per action kind. */
export type ActionEvent = TaskScheduledEvent | TimerCreatedEvent | SubOrchestrationInstanceCreatedEvent | EventSentEvent;

/** What a history event says was scheduled at a step, for comparison with what the code did. */
export interface RecordedAction {
  readonly kind: OrchestratorAction['kind'];
  /** The function, operation or `@lock`/`@unlock` name; timers have none. */
  readonly name?: string;
  /** For EventSent: the entity the message went to. */
  readonly target?: string;
  /** As in an error message, e.g. `TaskScheduled E1_SayHello`. */
  readonly description: string;
}

/** The history event that records `action` at its step. */
export function actionToHistoryEvent(action: OrchestratorAction, timestamp: string): ActionEvent {
  switch (action.kind) {
    case 'ScheduleTask':
      return newHistoryEvent(
        { type: 'TaskScheduled', name: action.name, ...withInput(action.input), ...(action.timeoutMs !== undefined ? { timeoutMs: action.timeoutMs } : {}) },
        timestamp,
        action.id,
      );
    case 'CreateTimer':
      return newHistoryEvent({ type: 'TimerCreated', fireAt: action.fireAt }, timestamp, action.id);
    case 'CreateSubOrchestration':
      return newHistoryEvent(
        {
          type: 'SubOrchestrationInstanceCreated',
          name: action.name,
          instanceId: action.instanceId,
          ...withInput(action.input),
          ...(action.version !== undefined ? { version: action.version } : {}),
        },
        timestamp,
        action.id,
      );
    case 'SendEntityMessage': {
      const payload = action.message.type === 'EntityOperation' ? action.message.input : undefined;
      return newHistoryEvent({ type: 'EventSent', instanceId: action.target, name: action.name, ...withInput(payload) }, timestamp, action.id);
    }
  }
}

/** The action a history event records, or undefined for an event that records none. */
export function recordedActionOf(event: HistoryEvent): RecordedAction | undefined {
  switch (event.type) {
    case 'TaskScheduled':
      return { kind: 'ScheduleTask', name: event.name, description: describeActionEvent(event) };
    case 'TimerCreated':
      return { kind: 'CreateTimer', description: describeActionEvent(event) };
    case 'SubOrchestrationInstanceCreated':
      return { kind: 'CreateSubOrchestration', name: event.name, description: describeActionEvent(event) };
    case 'EventSent':
      return { kind: 'SendEntityMessage', name: event.name, target: event.instanceId, description: describeActionEvent(event) };
    default:
      return undefined;
  }
}

/**
 * Whether the code's action is the one history recorded at its step. Kind and name must agree
 * (and the target entity for messages); inputs may differ, as in Durable Functions, so that a
 * fix to how an input is computed does not break running instances.
 */
export function matchesRecordedAction(action: OrchestratorAction, recorded: RecordedAction): boolean {
  if (action.kind !== recorded.kind) return false;
  if (action.kind === 'CreateTimer' || recorded.name === undefined) return true;
  return action.name === recorded.name && (action.kind !== 'SendEntityMessage' || action.target === recorded.target);
}

/** A short description of an action for error messages, in the words of its history event. */
export function describeAction(action: OrchestratorAction): string {
  return describeActionEvent(actionToHistoryEvent(action, ''));
}

function describeActionEvent(event: ActionEvent): string {
  switch (event.type) {
    case 'TaskScheduled':
      return `TaskScheduled ${event.name}`;
    case 'TimerCreated':
      return `TimerCreated (due ${event.fireAt})`;
    case 'SubOrchestrationInstanceCreated':
      return `SubOrchestrationInstanceCreated ${event.name}`;
    case 'EventSent':
      return `EventSent ${event.name} to ${event.instanceId}`;
  }
}

function withInput(input: string | undefined): { input?: string } {
  return input !== undefined ? { input } : {};
}
