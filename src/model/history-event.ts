import type { FailureDetails } from './failure-details';
import type { TraceContext } from './trace-context';

/**
 * The events of an orchestration's append-only history, named as in the Durable Task Framework.
 * Payloads (`input`, `result`) are JSON text, exactly as stored; `undefined` means no payload.
 * `eventId` is the action's sequence number for events that record an action the orchestrator
 * took (TaskScheduled, TimerCreated); every other event has `eventId` -1.
 */
interface HistoryEventBase {
  readonly eventId: number;
  /** ISO-8601 UTC time the event was recorded. */
  readonly timestamp: string;
}

/** Who started a sub-orchestration, so its outcome can be sent back. */
export interface ParentInstanceInfo {
  readonly instanceId: string;
  readonly executionId: string;
  /** The parent's SubOrchestrationInstanceCreated eventId. */
  readonly taskScheduledId: number;
  readonly name: string;
}

export interface ExecutionStartedEvent extends HistoryEventBase {
  readonly type: 'ExecutionStarted';
  readonly name: string;
  readonly version?: string;
  readonly input?: string;
  readonly instanceId: string;
  readonly executionId: string;
  readonly parentInstance?: ParentInstanceInfo;
  /** The span that started the instance (a client's start, a parent orchestration): the instance span's parent. */
  readonly parentTraceContext?: TraceContext;
}

export interface OrchestratorStartedEvent extends HistoryEventBase {
  readonly type: 'OrchestratorStarted';
  /**
   * Set on the episode that opened the execution's instance span: that span's own context, which
   * every later span of the execution (activities, entity calls, sub-orchestrations) names as parent.
   */
  readonly traceContext?: TraceContext;
}

export interface OrchestratorCompletedEvent extends HistoryEventBase {
  readonly type: 'OrchestratorCompleted';
}

export interface TaskScheduledEvent extends HistoryEventBase {
  readonly type: 'TaskScheduled';
  readonly name: string;
  readonly input?: string;
  /** The call's own limit (`timeoutMs` of callActivity), kept so a rewind schedules it again with it. */
  readonly timeoutMs?: number;
}

export interface TaskCompletedEvent extends HistoryEventBase {
  readonly type: 'TaskCompleted';
  readonly taskScheduledId: number;
  readonly result?: string;
}

export interface TaskFailedEvent extends HistoryEventBase {
  readonly type: 'TaskFailed';
  readonly taskScheduledId: number;
  readonly failureDetails: FailureDetails;
}

export interface SubOrchestrationInstanceCreatedEvent extends HistoryEventBase {
  readonly type: 'SubOrchestrationInstanceCreated';
  readonly name: string;
  readonly instanceId: string;
  readonly input?: string;
  readonly version?: string;
}

export interface SubOrchestrationInstanceCompletedEvent extends HistoryEventBase {
  readonly type: 'SubOrchestrationInstanceCompleted';
  readonly taskScheduledId: number;
  readonly result?: string;
  /** The parent execution the outcome belongs to; an outcome for an older execution is dropped. */
  readonly parentExecutionId?: string;
}

export interface SubOrchestrationInstanceFailedEvent extends HistoryEventBase {
  readonly type: 'SubOrchestrationInstanceFailed';
  readonly taskScheduledId: number;
  readonly failureDetails: FailureDetails;
  readonly parentExecutionId?: string;
}

export interface TimerCreatedEvent extends HistoryEventBase {
  readonly type: 'TimerCreated';
  /** ISO-8601 UTC time the timer is due. */
  readonly fireAt: string;
}

export interface TimerFiredEvent extends HistoryEventBase {
  readonly type: 'TimerFired';
  readonly timerId: number;
  readonly fireAt: string;
}

export interface EventRaisedEvent extends HistoryEventBase {
  readonly type: 'EventRaised';
  readonly name: string;
  readonly input?: string;
}

/** A client asked the instance to stop; it ends Terminated without running more code. */
export interface ExecutionTerminatedEvent extends HistoryEventBase {
  readonly type: 'ExecutionTerminated';
  /** JSON of the reason given. */
  readonly input?: string;
}

/** A client paused the instance: events that arrive are held until it resumes. */
export interface ExecutionSuspendedEvent extends HistoryEventBase {
  readonly type: 'ExecutionSuspended';
  readonly reason?: string;
}

export interface ExecutionResumedEvent extends HistoryEventBase {
  readonly type: 'ExecutionResumed';
  readonly reason?: string;
}

/** A client rewound a Failed instance: it runs again from its failure. */
export interface ExecutionRewoundEvent extends HistoryEventBase {
  readonly type: 'ExecutionRewound';
  readonly reason?: string;
}

/** Where an entity sends its answer: the calling orchestration and the step that waits. */
export interface EntityReplyTo {
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskScheduledId: number;
}

/** An operation for an entity (its inbox): a call when `replyTo` is set, else a signal. */
export interface EntityOperationEvent extends HistoryEventBase {
  readonly type: 'EntityOperation';
  readonly operation: string;
  readonly input?: string;
  readonly replyTo?: EntityReplyTo;
  /** The critical section the sender holds: lets the operation through the entity's lock. */
  readonly criticalSectionId?: string;
}

/** Lock acquisition travels the sorted lock set, one entity after the other. */
export interface EntityLockRequestedEvent extends HistoryEventBase {
  readonly type: 'EntityLockRequested';
  readonly criticalSectionId: string;
  readonly lockSet: readonly string[];
  readonly position: number;
  readonly replyTo: EntityReplyTo;
}

export interface EntityUnlockedEvent extends HistoryEventBase {
  readonly type: 'EntityUnlocked';
  readonly criticalSectionId: string;
}

/** An orchestration sent a message to an entity (recorded in the orchestration's history). */
export interface EventSentEvent extends HistoryEventBase {
  readonly type: 'EventSent';
  /** The entity the message went to. */
  readonly instanceId: string;
  /** The operation, or `@lock` / `@unlock`. */
  readonly name: string;
  readonly input?: string;
}

export interface EntityOperationCompletedEvent extends HistoryEventBase {
  readonly type: 'EntityOperationCompleted';
  readonly taskScheduledId: number;
  readonly result?: string;
  readonly parentExecutionId?: string;
}

export interface EntityOperationFailedEvent extends HistoryEventBase {
  readonly type: 'EntityOperationFailed';
  readonly taskScheduledId: number;
  readonly failureDetails: FailureDetails;
  readonly parentExecutionId?: string;
}

export interface EntityLockGrantedEvent extends HistoryEventBase {
  readonly type: 'EntityLockGranted';
  readonly taskScheduledId: number;
  readonly criticalSectionId: string;
  /** The locked entities: unlocked again if the orchestration has ended meanwhile. */
  readonly lockSet: readonly string[];
  readonly parentExecutionId?: string;
}

export interface ExecutionCompletedEvent extends HistoryEventBase {
  readonly type: 'ExecutionCompleted';
  readonly orchestrationStatus: 'Completed' | 'Failed' | 'Terminated';
  readonly result?: string;
  readonly failureDetails?: FailureDetails;
}

export type HistoryEvent =
  | ExecutionStartedEvent
  | OrchestratorStartedEvent
  | OrchestratorCompletedEvent
  | TaskScheduledEvent
  | TaskCompletedEvent
  | TaskFailedEvent
  | SubOrchestrationInstanceCreatedEvent
  | SubOrchestrationInstanceCompletedEvent
  | SubOrchestrationInstanceFailedEvent
  | TimerCreatedEvent
  | TimerFiredEvent
  | EventRaisedEvent
  | ExecutionTerminatedEvent
  | ExecutionSuspendedEvent
  | ExecutionResumedEvent
  | ExecutionRewoundEvent
  | EventSentEvent
  | EntityOperationEvent
  | EntityLockRequestedEvent
  | EntityUnlockedEvent
  | EntityOperationCompletedEvent
  | EntityOperationFailedEvent
  | EntityLockGrantedEvent
  | ExecutionCompletedEvent;

export type HistoryEventType = HistoryEvent['type'];

/** For exhaustive switches over discriminated unions: a new case that is not handled fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
