import type { EntityLockRequestedEvent, EntityOperationEvent, EntityUnlockedEvent } from '../model/history-event';

/** What an orchestrator asked for in one episode; the worker turns actions into history and messages. */
export type OrchestratorAction = ScheduleTaskAction | CreateTimerAction | CreateSubOrchestrationAction | SendEntityMessageAction;

/** The payload of a message to an entity, without its envelope (timestamp, eventId). */
export type EntityMessage =
  | Omit<EntityOperationEvent, 'eventId' | 'timestamp'>
  | Omit<EntityLockRequestedEvent, 'eventId' | 'timestamp'>
  | Omit<EntityUnlockedEvent, 'eventId' | 'timestamp'>;

/** A message to an entity: an operation (call or signal), a lock request or an unlock. */
export interface SendEntityMessageAction {
  readonly kind: 'SendEntityMessage';
  readonly id: number;
  /** The entity's instance id, `@name@key`. */
  readonly target: string;
  /** The operation, or `@lock` / `@unlock`: recorded as the EventSent name. */
  readonly name: string;
  readonly message: EntityMessage;
  /** ISO time a scheduled signal becomes visible. */
  readonly scheduledTime?: string;
}

export interface ScheduleTaskAction {
  readonly kind: 'ScheduleTask';
  /** Sequence number: becomes the TaskScheduled eventId. */
  readonly id: number;
  readonly name: string;
  readonly input?: string;
  /** The call's own activity time limit (`timeoutMs`); the worker applies the lower of it and functionTimeout. */
  readonly timeoutMs?: number;
}

export interface CreateTimerAction {
  readonly kind: 'CreateTimer';
  readonly id: number;
  /** ISO-8601 UTC due time. */
  readonly fireAt: string;
}

export interface CreateSubOrchestrationAction {
  readonly kind: 'CreateSubOrchestration';
  readonly id: number;
  readonly name: string;
  readonly instanceId: string;
  readonly input?: string;
  readonly version?: string;
}
