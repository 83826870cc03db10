import type { FailureDetails } from '../model/failure-details';
import { assertNever, type HistoryEvent, type SubOrchestrationInstanceCreatedEvent, type TaskScheduledEvent } from '../model/history-event';

/** One history entry in the documented shape of the HTTP API: PascalCase Durable Task fields. */
export type HistoryEventView = Readonly<Record<string, unknown>>;

export interface HistoryViewOptions {
  /** Include `Result` of completed tasks and of the execution. */
  readonly showHistoryOutput: boolean;
  /** Include `Input` of the execution, of tasks and of events. */
  readonly showInput: boolean;
}

/** An event that schedules work whose outcome comes back as a later event naming its eventId. */
type ScheduleEvent = TaskScheduledEvent | SubOrchestrationInstanceCreatedEvent;

/** Schedule events by `Kind_eventId`, as the extension keys them. */
type ScheduleMap = ReadonlyMap<string, ScheduleEvent>;

/**
 * The history as the Durable Functions HTTP API shows it: OrchestratorStarted/Completed are left
 * out; a TaskCompleted/TaskFailed (SubOrchestrationInstanceCompleted/Failed) carries the
 * FunctionName, ScheduledTime and Input of its TaskScheduled (SubOrchestrationInstanceCreated),
 * which is then left out; payloads are JSON values, not JSON text.
 */
export function toHistoryView(events: readonly HistoryEvent[], options: HistoryViewOptions): HistoryEventView[] {
  const scheduled = new Map<string, ScheduleEvent>();
  const finished = new Set<string>();
  for (const event of events) {
    if (event.type === 'TaskScheduled' || event.type === 'SubOrchestrationInstanceCreated') scheduled.set(`${event.type}_${event.eventId}`, event);
    if (event.type === 'TaskCompleted' || event.type === 'TaskFailed') finished.add(`TaskScheduled_${event.taskScheduledId}`);
    if (event.type === 'SubOrchestrationInstanceCompleted' || event.type === 'SubOrchestrationInstanceFailed') {
      finished.add(`SubOrchestrationInstanceCreated_${event.taskScheduledId}`);
    }
  }
  const views: HistoryEventView[] = [];
  for (const event of events) {
    const view = viewOf(event, options, scheduled, finished);
    if (view !== undefined) views.push(view);
  }
  return views;
}

function viewOf(
  event: HistoryEvent,
  options: HistoryViewOptions,
  scheduled: ScheduleMap,
  finished: ReadonlySet<string>,
): HistoryEventView | undefined {
  const head = { EventType: event.type, Timestamp: event.timestamp };
  const input = (text: string | undefined): Record<string, unknown> => (options.showInput && text !== undefined ? { Input: parsePayload(text) } : {});
  switch (event.type) {
    case 'OrchestratorStarted':
    case 'OrchestratorCompleted':
      return undefined;
    case 'ExecutionStarted':
      return { ...head, FunctionName: event.name, ...input(event.input) };
    case 'TaskScheduled':
      return finished.has(`TaskScheduled_${event.eventId}`) ? undefined : { ...head, Name: event.name, ...input(event.input) };
    case 'SubOrchestrationInstanceCreated':
      return finished.has(`SubOrchestrationInstanceCreated_${event.eventId}`)
        ? undefined
        : { ...head, Name: event.name, InstanceId: event.instanceId, ...input(event.input) };
    case 'TaskCompleted':
    case 'SubOrchestrationInstanceCompleted': {
      const task = scheduled.get(`${scheduleKindOf(event.type)}_${event.taskScheduledId}`);
      const result = options.showHistoryOutput && event.result !== undefined ? { Result: parsePayload(event.result) } : {};
      return { ...head, ...scheduledFields(task), ...input(task?.input), ...result };
    }
    case 'TaskFailed':
    case 'SubOrchestrationInstanceFailed': {
      const task = scheduled.get(`${scheduleKindOf(event.type)}_${event.taskScheduledId}`);
      const failure = event.failureDetails;
      return {
        ...head,
        ...scheduledFields(task),
        ...input(task?.input),
        Reason: failure.message,
        Details: failure.stackTrace ?? null,
        FailureDetails: failureView(failure),
      };
    }
    case 'TimerCreated':
      return { ...head, FireAt: event.fireAt };
    case 'TimerFired':
      return { ...head, FireAt: event.fireAt };
    case 'EventRaised':
      return { ...head, Name: event.name, ...input(event.input) };
    case 'ExecutionTerminated':
      return { ...head, ...input(event.input) };
    case 'ExecutionSuspended':
    case 'ExecutionResumed':
    case 'ExecutionRewound':
      return { ...head, ...(event.reason !== undefined ? { Reason: event.reason } : {}) };
    case 'EventSent':
      return { ...head, Name: event.name, InstanceId: event.instanceId, ...input(event.input) };
    case 'EntityOperationCompleted':
      return { ...head, ...(options.showHistoryOutput && event.result !== undefined ? { Result: parsePayload(event.result) } : {}) };
    case 'EntityOperationFailed':
      return { ...head, Reason: event.failureDetails.message, FailureDetails: failureView(event.failureDetails) };
    case 'EntityLockGranted':
      return { ...head, Name: '@lock' };
    case 'EntityOperation':
    case 'EntityLockRequested':
    case 'EntityUnlocked':
      return undefined; // entity inbox messages never appear in an orchestration's history
    case 'ExecutionCompleted':
      return {
        ...head,
        OrchestrationStatus: event.orchestrationStatus,
        ...(options.showHistoryOutput ? completionResult(event.result, event.failureDetails) : {}),
        ...(event.failureDetails !== undefined ? { FailureDetails: failureView(event.failureDetails) } : {}),
      };
    default:
      return assertNever(event, 'history event');
  }
}

function scheduleKindOf(type: 'TaskCompleted' | 'TaskFailed' | 'SubOrchestrationInstanceCompleted' | 'SubOrchestrationInstanceFailed'): ScheduleEvent['type'] {
  return type === 'TaskCompleted' || type === 'TaskFailed' ? 'TaskScheduled' : 'SubOrchestrationInstanceCreated';
}

function scheduledFields(task: ScheduleEvent | undefined): Record<string, unknown> {
  return task === undefined ? {} : { FunctionName: task.name, ScheduledTime: task.timestamp };
}

function completionResult(result: string | undefined, failure: FailureDetails | undefined): Record<string, unknown> {
  if (result !== undefined) return { Result: parsePayload(result) };
  return failure !== undefined ? { Result: failure.message } : {};
}

function failureView(failure: FailureDetails): Record<string, unknown> {
  return {
    ErrorType: failure.errorType,
    ErrorMessage: failure.message,
    ...(failure.stackTrace !== undefined ? { StackTrace: failure.stackTrace } : {}),
    ...(failure.innerFailure !== undefined ? { InnerFailure: failureView(failure.innerFailure) } : {}),
  };
}

/** A stored payload as a JSON value; text that is not JSON (never written by durable-ts) stays text. */
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // not JSON (never written by durable-ts): shown as the text it is
  }
}
