import type { HistoryEvent } from '../model/history-event';
import type { TraceContext } from '../model/trace-context';
import { HTTP_ACTIVITY_NAME } from '../orchestration/durable-http';

/** A step the orchestration is waiting on, as history recorded its scheduling. */
export interface ScheduledStep {
  readonly kind: 'activity' | 'entity';
  /** The activity's name, or the entity operation's. */
  readonly name: string;
  /** ISO time it was scheduled (the TaskScheduled / EventSent timestamp). */
  readonly scheduledAt: string;
  /** The entity id, for an entity call. */
  readonly target?: string;
  /** The activity input (JSON), kept only for the durable HTTP activity (method and URL). */
  readonly input?: string;
}

/** Episodes remembered as span events: the SDK keeps 128 events per span by default. */
const MAX_EPISODES = 128;
/**
 * History does not say whether an EventSent was a call (answered) or a signal (never answered):
 * signals stay in `scheduled` until the execution ends, so entity steps are not recorded past this.
 */
const MAX_ENTITY_STEPS = 10_000;

/**
 * What the tracing of one execution needs from its history, folded event by event: how it
 * started (name, time, the parent trace context), the instance span's own context, the steps in
 * flight with their scheduling time, and the episodes so far. Built from the whole history on a
 * cache miss and kept with the cached executor otherwise, so an episode costs O(new events).
 */
export class InstanceTrace {
  name: string | undefined;
  startedAt: string | undefined;
  parentTraceContext: TraceContext | undefined;
  /** The instance span's context (recorded on the OrchestratorStarted that opened it). */
  spanContext: TraceContext | undefined;
  /** Set once the execution was rewound after failing: its instance span has ended already. */
  rewoundAt: string | undefined;
  /** Made on the first step scheduled: an instance waiting on events or timers has none. */
  private scheduled: Map<number, ScheduledStep> | undefined;
  readonly episodes: string[] = [];

  static fromHistory(events: readonly HistoryEvent[]): InstanceTrace {
    const trace = new InstanceTrace();
    for (const event of events) trace.observe(event);
    return trace;
  }

  /** Folds one event in; returns the step a completion event finished, if it was traced. */
  observe(event: HistoryEvent): ScheduledStep | undefined {
    switch (event.type) {
      case 'ExecutionStarted':
        this.name = event.name;
        this.startedAt = event.timestamp;
        this.parentTraceContext = event.parentTraceContext;
        return undefined;
      case 'OrchestratorStarted':
        if (event.traceContext !== undefined) this.spanContext = event.traceContext;
        if (this.episodes.length < MAX_EPISODES) this.episodes.push(event.timestamp);
        return undefined;
      case 'ExecutionRewound':
        this.rewoundAt = event.timestamp;
        return undefined;
      case 'TaskScheduled':
        (this.scheduled ??= new Map()).set(event.eventId, {
          kind: 'activity',
          name: event.name,
          scheduledAt: event.timestamp,
          ...(event.name === HTTP_ACTIVITY_NAME && event.input !== undefined ? { input: event.input } : {}),
        });
        return undefined;
      case 'EventSent':
        // Lock and unlock messages are not operations; signals get no answer, so no span either.
        if (!event.name.startsWith('@') && (this.scheduled?.size ?? 0) < MAX_ENTITY_STEPS) (this.scheduled ??= new Map()).set(event.eventId, { kind: 'entity', name: event.name, scheduledAt: event.timestamp, target: event.instanceId });
        return undefined;
      case 'TaskCompleted':
      case 'TaskFailed':
      case 'EntityOperationCompleted':
      case 'EntityOperationFailed':
        return this.take(event.taskScheduledId);
      default:
        return undefined;
    }
  }

  private take(id: number): ScheduledStep | undefined {
    const step = this.scheduled?.get(id);
    this.scheduled?.delete(id);
    return step;
  }
}
