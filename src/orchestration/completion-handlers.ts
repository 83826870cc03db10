import { EntityOperationFailedError } from '../model/errors/entity-operation-failed-error';
import { TaskFailedError } from '../model/errors/task-failed-error';
import type { HistoryEvent } from '../model/history-event';
import type { HistoryEventOf } from '../model/history-event-factory';
import { decodeJson } from '../model/json-codec';
import type { DurableSteps, SettleOutcome } from './durable-steps';
import type { EntityMessaging } from './entity-messaging';
import type { ExternalEvents } from './external-events';

/** What a completion handler may touch: the open steps, the entity bookkeeping, the event inbox. */
export interface CompletionScope {
  readonly steps: Pick<DurableSteps, 'settle'>;
  readonly entities: Pick<EntityMessaging, 'answered' | 'granted'>;
  readonly events: Pick<ExternalEvents, 'deliver'>;
}

type Handlers<K extends HistoryEvent['type']> = {
  readonly [T in K]: (event: HistoryEventOf<T>, scope: CompletionScope) => SettleOutcome;
};

/**
 * Events that deliver something to the orchestrator's code, keyed by type (as Temporal's
 * activation handlers). The map's type requires a handler for every key, and the executor's
 * switch over the other events ends in `assertNever`: a new event type has to be placed on one
 * side or the other before the code compiles. A suspended instance holds these events back.
 */
export const completionHandlers: Handlers<
  | 'TaskCompleted'
  | 'TaskFailed'
  | 'SubOrchestrationInstanceCompleted'
  | 'SubOrchestrationInstanceFailed'
  | 'TimerFired'
  | 'EventRaised'
  | 'EntityOperationCompleted'
  | 'EntityOperationFailed'
  | 'EntityLockGranted'
> = {
  TaskCompleted: (event, { steps }) => steps.settle(event.taskScheduledId, (task) => task.complete(decodeJson(event.result))),
  TaskFailed: (event, { steps }) =>
    steps.settle(event.taskScheduledId, (task, name) => task.fail(new TaskFailedError(name, event.taskScheduledId, event.failureDetails))),
  SubOrchestrationInstanceCompleted: (event, { steps }) => steps.settle(event.taskScheduledId, (task) => task.complete(decodeJson(event.result))),
  SubOrchestrationInstanceFailed: (event, { steps }) =>
    steps.settle(event.taskScheduledId, (task, name) => task.fail(new TaskFailedError(name, event.taskScheduledId, event.failureDetails))),
  TimerFired: (event, { steps }) => steps.settle(event.timerId, (task) => task.complete(undefined)),
  EventRaised: (event, { events }) => events.deliver(event.name, event.input),
  EntityOperationCompleted: (event, { steps, entities }) => {
    entities.answered(event.taskScheduledId);
    return steps.settle(event.taskScheduledId, (task) => task.complete(decodeJson(event.result)));
  },
  EntityOperationFailed: (event, { steps, entities }) => {
    const call = entities.answered(event.taskScheduledId);
    const error = new EntityOperationFailedError(call?.entity ?? '?', call?.operation ?? '?', event.failureDetails);
    return steps.settle(event.taskScheduledId, (task) => task.fail(error));
  },
  EntityLockGranted: (event, { steps, entities }) => {
    const lock = entities.granted(event.taskScheduledId);
    return steps.settle(event.taskScheduledId, (task) => task.complete(lock));
  },
};

/** An event that settles a task or delivers an external event. */
export type CompletionEvent = HistoryEventOf<keyof typeof completionHandlers>;

export function isCompletionEvent(event: HistoryEvent): event is CompletionEvent {
  return Object.hasOwn(completionHandlers, event.type);
}

/** Applies a completion event through its handler. */
export function applyCompletion(event: CompletionEvent, scope: CompletionScope): SettleOutcome {
  const handler = completionHandlers[event.type] as (event: CompletionEvent, scope: CompletionScope) => SettleOutcome;
  return handler(event, scope);
}
