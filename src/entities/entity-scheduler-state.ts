import type { EntityLockRequestedEvent, EntityOperationEvent, EntityUnlockedEvent } from '../model/history-event';

/** A message an entity processes: an operation, a lock request or an unlock. */
export type EntityInboxEvent = EntityOperationEvent | EntityLockRequestedEvent | EntityUnlockedEvent;

/** Everything stored for one entity: its state and its scheduling (lock, deferred messages). */
export interface EntitySchedulerState {
  /** False until the first successful operation, and again after deleteState. */
  exists: boolean;
  /** JSON of the entity's state when it exists. */
  state?: string;
  /** The critical section holding the entity, and the orchestration that owns it. */
  lock?: { readonly criticalSectionId: string; readonly owner: string };
  /** Messages from others that arrived while locked, in arrival order. */
  queue: EntityInboxEvent[];
  /**
   * Kept by the worker: for each committed batch that left claimed messages in the inbox (the
   * batch size was reached), the highest message id it claimed. Claims raise the dequeue count of
   * every message they see, so these entries tell claims that ran fine apart from crashed ones.
   */
  unrunClaims?: number[];
}

export function emptySchedulerState(): EntitySchedulerState {
  return { exists: false, queue: [] };
}

export function parseSchedulerState(text: string | undefined): EntitySchedulerState {
  if (text === undefined) return emptySchedulerState();
  const parsed = JSON.parse(text) as EntitySchedulerState;
  return {
    exists: parsed.exists === true,
    queue: parsed.queue ?? [],
    ...(parsed.state !== undefined ? { state: parsed.state } : {}),
    ...(parsed.lock !== undefined ? { lock: parsed.lock } : {}),
    ...(parsed.unrunClaims !== undefined && parsed.unrunClaims.length > 0 ? { unrunClaims: parsed.unrunClaims } : {}),
  };
}

export function serializeSchedulerState(state: EntitySchedulerState): string {
  return JSON.stringify(state);
}

/** True for messages that only move entity locks (not user operations). */
export function isEntityInboxEvent(event: { type: string }): event is EntityInboxEvent {
  return event.type === 'EntityOperation' || event.type === 'EntityLockRequested' || event.type === 'EntityUnlocked';
}
