import { parseEntityId } from '../model/entity-id';
import { PoisonWorkItemError } from '../model/errors/poison-work-item-error';
import { toFailureDetails } from '../model/failure-details';
import { newHistoryEvent } from '../model/history-event-factory';
import type { Logger } from '../model/logger';
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
  const timestamp = new Date(now).toISOString();
  for (const message of item.messages) {
    const { event } = message;
    const crashes = message.dequeueCount - unrunClaims.filter((upTo) => upTo >= message.messageId).length;
    if (crashes <= maxDequeueCount || event.type !== 'EntityOperation') {
      runnable.push(message);
      continue;
    }
    const name = `${parseEntityId(entityId).name}.${event.operation}`;
    workerLogs.poisonWorkItem(log, { kind: 'entity', instanceId: entityId, name, dequeueCount: crashes });
    failedMessageIds.push(message.messageId);
    if (event.replyTo === undefined) continue;
    const error = new PoisonWorkItemError('entity operation', name, entityId, crashes);
    answers.push({
      instanceId: event.replyTo.instanceId,
      visibleAt: now,
      event: newHistoryEvent(
        {
          type: 'EntityOperationFailed',
          taskScheduledId: event.replyTo.taskScheduledId,
          parentExecutionId: event.replyTo.executionId,
          failureDetails: toFailureDetails(error),
        },
        timestamp,
      ),
    });
  }
  return { runnable, failedMessageIds, answers };
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
