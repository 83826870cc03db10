import { parseEntityId } from '../model/entity-id';
import { PoisonWorkItemError } from '../model/errors/poison-work-item-error';
import { toFailureDetails } from '../model/failure-details';
import { newHistoryEvent } from '../model/history-event-factory';
import type { EntityOperationEvent } from '../model/history-event';
import type { Logger } from '../model/logger';
import type { EntitySchedulerState } from '../entities/entity-scheduler-state';
import type { NewMessage, OrchestrationMessage, OrchestrationWorkItem } from '../storage/storage-records';
import { workerLogs } from './worker-logs';

/** An entity's inbox split into messages to run and poison operations to fail without running. */
export interface EntityPoisonSplit {
  readonly runnable: readonly OrchestrationMessage[];
  /** Poison operations, consumed by the batch's commit. */
  readonly failedMessageIds: readonly number[];
  /** EntityOperationFailed answers to the callers of failed calls (failed signals have no one to tell). */
  readonly answers: readonly NewMessage[];
}

/**
 * Takes out the operations whose batch crashed the worker more than `maxDequeueCount` times: they
 * would crash it again, so they are failed (callers get PoisonWorkItemError) and logged instead of
 * run. Lock requests and unlocks run no user code and always go through, so no critical section
 * is left hanging. `unrunClaims` (see EntitySchedulerState) discounts the claims of batches that
 * committed without reaching a message: a long inbox is not mistaken for a crashing one.
 */
export function splitPoisonOperations(
  item: OrchestrationWorkItem,
  unrunClaims: readonly number[],
  maxDequeueCount: number,
  now: number,
  log: Logger,
): EntityPoisonSplit {
  const entityId = item.instance.instanceId;
  const runnable: OrchestrationMessage[] = [];
  const failedMessageIds: number[] = [];
  const answers: NewMessage[] = [];
  for (const message of item.messages) {
    const { event } = message;
    const crashes = crashesOf(message, unrunClaims);
    if (crashes <= maxDequeueCount || event.type !== 'EntityOperation') {
      runnable.push(message);
      continue;
    }
    failedMessageIds.push(message.messageId);
    const answer = failPoisonOperation(entityId, event, crashes, now, log);
    if (answer !== undefined) answers.push(answer);
  }
  return { runnable, failedMessageIds, answers };
}

/**
 * Operations held in the entity's lock queue run in the batch that releases the lock (the unlock,
 * or any message once the entity is free), but claims count on those inbox messages, not on the
 * held operations, and an unlock always goes through. So when the releasing messages have crashed
 * their batch more than `maxDequeueCount` times, the held operations are failed like inbox ones
 * (callers answered, each logged) and taken out of the queue; held lock requests stay. While the
 * lock stays held, nothing in the batch runs them, and they are left alone.
 */
export function failPoisonedQueue(
  item: OrchestrationWorkItem,
  state: EntitySchedulerState,
  maxDequeueCount: number,
  now: number,
  log: Logger,
): { readonly state: EntitySchedulerState; readonly answers: readonly NewMessage[] } {
  const unrunClaims = state.unrunClaims ?? [];
  const releasing = state.lock === undefined ? item.messages : item.messages.filter((m) => m.event.type === 'EntityUnlocked');
  const crashes = Math.max(0, ...releasing.map((m) => crashesOf(m, unrunClaims)));
  if (crashes <= maxDequeueCount || !state.queue.some((e) => e.type === 'EntityOperation')) return { state, answers: [] };
  const answers: NewMessage[] = [];
  for (const event of state.queue) {
    if (event.type !== 'EntityOperation') continue;
    const answer = failPoisonOperation(item.instance.instanceId, event, crashes, now, log);
    if (answer !== undefined) answers.push(answer);
  }
  return { state: { ...state, queue: state.queue.filter((e) => e.type !== 'EntityOperation') }, answers };
}

/** How often a message's batch crashed: its claims, less those of batches that committed without reaching it. */
function crashesOf(message: OrchestrationMessage, unrunClaims: readonly number[]): number {
  return message.dequeueCount - unrunClaims.filter((upTo) => upTo >= message.messageId).length;
}

/** Logs a poison operation; returns the EntityOperationFailed answer for its caller (none for a signal). */
function failPoisonOperation(entityId: string, event: EntityOperationEvent, crashes: number, now: number, log: Logger): NewMessage | undefined {
  const name = `${parseEntityId(entityId).name}.${event.operation}`;
  workerLogs.poisonWorkItem(log, { kind: 'entity', instanceId: entityId, name, dequeueCount: crashes });
  if (event.replyTo === undefined) return undefined;
  const error = new PoisonWorkItemError('entity operation', name, entityId, crashes);
  return {
    instanceId: event.replyTo.instanceId,
    visibleAt: now,
    event: newHistoryEvent(
      {
        type: 'EntityOperationFailed',
        taskScheduledId: event.replyTo.taskScheduledId,
        parentExecutionId: event.replyTo.executionId,
        failureDetails: toFailureDetails(error),
      },
      new Date(now).toISOString(),
    ),
  };
}

/**
 * The unrunClaims to store after a batch commits: the entries that may still cover a waiting
 * message, plus one for this claim when it left claimed messages in the inbox.
 */
export function nextUnrunClaims(item: OrchestrationWorkItem, consumedMessageIds: readonly number[], previous: readonly number[]): number[] {
  const consumed = new Set(consumedMessageIds);
  const left = item.messages.filter((m) => !consumed.has(m.messageId)).map((m) => m.messageId);
  if (left.length === 0) return [];
  const firstLeft = Math.min(...left);
  return [...previous.filter((upTo) => upTo >= firstLeft), Math.max(...left)];
}
