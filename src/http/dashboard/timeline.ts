import { assertNever, type HistoryEvent } from '../../model/history-event';

/** What a bar of the timeline stands for. */
export type TimelineSpanKind = 'activity' | 'sub-orchestration' | 'timer' | 'event' | 'entity' | 'execution';

/** How a bar ended: `open` while it has not (a running activity, a pending timer). */
export type TimelineOutcome = 'completed' | 'failed' | 'open';

/** One bar of an instance's timeline: from when the work was scheduled to when its outcome came back. */
export interface TimelineSpan {
  readonly kind: TimelineSpanKind;
  /** The activity, sub-orchestration, event or entity operation name; `timer` for a timer. */
  readonly name: string;
  /** ISO 8601 times; an instant (an event) starts and ends at once. */
  readonly start: string;
  readonly end?: string;
  readonly outcome: TimelineOutcome;
  /** 1 for a first call; n for the (n-1)th retry of the same call after a failure. */
  readonly attempt: number;
  /** The sub-orchestration's instance id, or the instance an event was sent to. */
  readonly instanceId?: string;
  /** The failure message of a failed call. */
  readonly failure?: string;
  /** When a timer is due. */
  readonly fireAt?: string;
}

/** An instance's history as bars on a time axis, with the instance's parent and children. */
export interface Timeline {
  readonly spans: readonly TimelineSpan[];
  /** The orchestration that started this one as a sub-orchestration. */
  readonly parent?: { readonly instanceId: string; readonly name: string };
  readonly children: readonly { readonly instanceId: string; readonly name: string }[];
}

interface OpenSpan {
  readonly kind: TimelineSpanKind;
  readonly name: string;
  readonly start: string;
  readonly instanceId?: string;
  readonly fireAt?: string;
}

/**
 * Folds a history into timeline bars. A scheduled activity, sub-orchestration, timer or entity
 * call opens a bar that its outcome event (naming the scheduling event's id) closes; events
 * raised, sent and the execution's own start and end are instants. A call that follows a failed
 * call of the same kind and name counts as its next attempt, so a retry policy's attempts show
 * as numbered bars (the delays between them are the timers in between).
 */
export function buildTimeline(events: readonly HistoryEvent[]): Timeline {
  const open = new Map<number, OpenSpan>();
  const order: number[] = [];
  const closed = new Map<number, TimelineSpan>();
  const instants: { readonly at: number; readonly span: TimelineSpan }[] = [];
  const failedInARow = new Map<string, number>();
  let parent: Timeline['parent'];
  const children: { instanceId: string; name: string }[] = [];

  const opened = (id: number, span: OpenSpan): void => {
    open.set(id, span);
    order.push(id);
  };
  const close = (id: number, end: string, failure?: string): void => {
    const span = open.get(id);
    if (span === undefined) return;
    open.delete(id);
    const key = `${span.kind}:${span.name}`;
    const attempt = (failedInARow.get(key) ?? 0) + 1;
    failedInARow.set(key, failure !== undefined ? attempt : 0);
    closed.set(id, { ...span, end, outcome: failure !== undefined ? 'failed' : 'completed', attempt, ...(failure !== undefined ? { failure } : {}) });
  };
  const instant = (kind: TimelineSpanKind, name: string, at: string, extra: Partial<TimelineSpan> = {}): void => {
    instants.push({ at: order.length, span: { kind, name, start: at, end: at, outcome: 'completed', attempt: 1, ...extra } });
  };

  for (const event of events) {
    switch (event.type) {
      case 'ExecutionStarted':
        if (event.parentInstance !== undefined) parent = { instanceId: event.parentInstance.instanceId, name: event.parentInstance.name };
        instant('execution', `started ${event.name}`, event.timestamp);
        break;
      case 'TaskScheduled':
        opened(event.eventId, { kind: 'activity', name: event.name, start: event.timestamp });
        break;
      case 'SubOrchestrationInstanceCreated':
        children.push({ instanceId: event.instanceId, name: event.name });
        opened(event.eventId, { kind: 'sub-orchestration', name: event.name, start: event.timestamp, instanceId: event.instanceId });
        break;
      case 'TimerCreated':
        opened(event.eventId, { kind: 'timer', name: 'timer', start: event.timestamp, fireAt: event.fireAt });
        break;
      case 'EventSent':
        // A call or a lock request gets a reply naming this event; a signal gets none (see openSpan).
        opened(event.eventId, { kind: event.instanceId.startsWith('@') ? 'entity' : 'event', name: event.name, start: event.timestamp, instanceId: event.instanceId });
        break;
      case 'TaskCompleted':
      case 'SubOrchestrationInstanceCompleted':
      case 'EntityOperationCompleted':
      case 'EntityLockGranted':
        close(event.taskScheduledId, event.timestamp);
        break;
      case 'TaskFailed':
      case 'SubOrchestrationInstanceFailed':
      case 'EntityOperationFailed':
        close(event.taskScheduledId, event.timestamp, event.failureDetails.message);
        break;
      case 'TimerFired':
        close(event.timerId, event.timestamp);
        break;
      case 'EventRaised':
        instant('event', event.name, event.timestamp);
        break;
      case 'ExecutionCompleted':
        instant('execution', event.orchestrationStatus.toLowerCase(), event.timestamp, event.failureDetails !== undefined ? { outcome: 'failed', failure: event.failureDetails.message } : {});
        break;
      case 'ExecutionTerminated':
        instant('execution', 'terminated', event.timestamp, { outcome: 'failed' });
        break;
      case 'ExecutionSuspended':
      case 'ExecutionResumed':
      case 'ExecutionRewound':
        instant('execution', event.type.replace('Execution', '').toLowerCase(), event.timestamp);
        break;
      case 'OrchestratorStarted':
      case 'OrchestratorCompleted':
      case 'EntityOperation':
      case 'EntityLockRequested':
      case 'EntityUnlocked':
        break; // entity inbox messages, never in an orchestration's history
      default:
        assertNever(event, 'history event');
    }
  }

  const spans: TimelineSpan[] = [];
  let next = 0;
  for (const [index, id] of order.entries()) {
    while (next < instants.length && instants[next]!.at <= index) spans.push(instants[next++]!.span);
    const span = closed.get(id) ?? openSpan(open.get(id));
    if (span !== undefined) spans.push(span);
  }
  while (next < instants.length) spans.push(instants[next++]!.span);
  return { spans, ...(parent !== undefined ? { parent } : {}), children };
}

/** A bar nothing closed: still running, or (a message sent without a reply: a signal, an event) an instant. */
function openSpan(span: OpenSpan | undefined): TimelineSpan | undefined {
  if (span === undefined) return undefined;
  const sentOnly = span.instanceId !== undefined && span.kind !== 'sub-orchestration';
  return sentOnly ? { ...span, end: span.start, outcome: 'completed', attempt: 1 } : { ...span, outcome: 'open', attempt: 1 };
}
