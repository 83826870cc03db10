import type { HistoryEvent, HistoryEventType } from './history-event';

/**
 * The `eventId` of every event that does not record an orchestrator action. Only the events that
 * record an action (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent)
 * carry the action's step number; everything else (completions, messages, lifecycle) has this.
 */
export const NO_EVENT_ID = -1;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event's own fields, without the envelope (`eventId`, `timestamp`) every event has. */
export type HistoryEventBody = DistributiveOmit<HistoryEvent, 'eventId' | 'timestamp'>;

/** The history event of type `T`. */
export type HistoryEventOf<T extends HistoryEventType> = Extract<HistoryEvent, { type: T }>;

/**
 * The one way to make a history event: the body plus its envelope. `eventId` is left at
 * NO_EVENT_ID unless the event records the orchestrator action at that step.
 */
export function newHistoryEvent<B extends HistoryEventBody>(body: B, timestamp: string, eventId: number = NO_EVENT_ID): HistoryEventOf<B['type']> {
  return { ...body, eventId, timestamp } as unknown as HistoryEventOf<B['type']>;
}
