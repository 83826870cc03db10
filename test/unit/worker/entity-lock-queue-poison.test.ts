import { describe, expect, it } from 'vitest';
import type { EntitySchedulerState } from '../../../src/entities/entity-scheduler-state';
import type { EntityLockRequestedEvent, EntityOperationEvent, HistoryEvent } from '../../../src/model/history-event';
import type { OrchestrationMessage, OrchestrationWorkItem } from '../../../src/storage/storage-records';
import { failPoisonedQueue } from '../../../src/worker/entity-poison';
import { recordingLogger } from '../../support/recording-logger';

const T0 = Date.UTC(2025, 0, 1);
const ENTITY = '@ledger@held';
const MAX_DEQUEUE = 2;
const at = new Date(T0).toISOString();

const call: EntityOperationEvent = {
  type: 'EntityOperation', eventId: -1, timestamp: at, operation: 'append', input: '"call"',
  replyTo: { instanceId: 'caller', executionId: 'caller-exec', taskScheduledId: 4 },
};
const lockRequest: EntityLockRequestedEvent = {
  type: 'EntityLockRequested', eventId: -1, timestamp: at, criticalSectionId: 'cs-2', lockSet: [ENTITY], position: 0,
  replyTo: { instanceId: 'other', executionId: 'other-exec', taskScheduledId: 1 },
};
const signal: EntityOperationEvent = { type: 'EntityOperation', eventId: -1, timestamp: at, operation: 'append', input: '"signal"' };

function held(lock: EntitySchedulerState['lock']): EntitySchedulerState {
  return {
    exists: true,
    state: '{"entries":[]}',
    ...(lock !== undefined ? { lock } : {}),
    queue: [call, lockRequest, signal],
  };
}

function itemWith(messages: Array<Pick<OrchestrationMessage, 'event' | 'dequeueCount'>>): OrchestrationWorkItem {
  return {
    instance: { instanceId: ENTITY, executionId: 'e', name: 'ledger', runtimeStatus: 'Running', createdAt: new Date(T0), lastUpdatedAt: new Date(T0), historyLength: 0 },
    messages: messages.map((m, index) => ({ ...m, messageId: index + 1, instanceId: ENTITY, visibleAt: T0 })),
    leaseExpiresAt: T0 + 30_000,
  };
}

const unlock = (dequeueCount: number) => ({ event: { type: 'EntityUnlocked', eventId: -1, timestamp: at, criticalSectionId: 'cs-1' } as HistoryEvent, dequeueCount });

/**
 * Issue 18, item 7: operations held in an entity's lock queue run in the batch of the unlock that
 * releases them, but claims count on the unlock (which always goes through), so a held operation
 * that crashed the worker was retried forever. Past maxDequeueCount crashes of the releasing
 * batch, the held operations are failed: callers answered, each logged, lock requests kept.
 */
describe('entity operations held in the lock queue, when their batch keeps crashing', () => {
  it('fails them once the unlock that releases them has crashed its batch more than maxDequeueCount times', () => {
    const log = recordingLogger();
    const { state, answers } = failPoisonedQueue(itemWith([unlock(MAX_DEQUEUE + 1)]), held({ criticalSectionId: 'cs-1', owner: 'orch' }), MAX_DEQUEUE, T0, log);
    expect(state.queue.map((e) => e.type)).toEqual(['EntityLockRequested']);
    expect(state.state).toBe('{"entries":[]}');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ instanceId: 'caller', event: { type: 'EntityOperationFailed', taskScheduledId: 4, parentExecutionId: 'caller-exec' } });
    expect(JSON.stringify(answers[0]?.event)).toContain('PoisonWorkItemError');
    expect(log.events('worker.work-item.poisoned').map((l) => l.fields)).toEqual([
      expect.objectContaining({ kind: 'entity', instanceId: ENTITY, name: 'ledger.append', dequeueCount: MAX_DEQUEUE + 1 }),
      expect.objectContaining({ kind: 'entity', instanceId: ENTITY, name: 'ledger.append', dequeueCount: MAX_DEQUEUE + 1 }),
    ]);
  });

  it('leaves them to run while the releasing batch has crashed no more than maxDequeueCount times', () => {
    const log = recordingLogger();
    const before = held({ criticalSectionId: 'cs-1', owner: 'orch' });
    const { state, answers } = failPoisonedQueue(itemWith([unlock(MAX_DEQUEUE)]), before, MAX_DEQUEUE, T0, log);
    expect(state).toBe(before);
    expect(answers).toEqual([]);
    expect(log.events('worker.work-item.poisoned')).toEqual([]);
  });

  it('leaves them alone while the entity stays locked, however often other messages crashed', () => {
    const before = held({ criticalSectionId: 'cs-1', owner: 'orch' });
    const other = { event: { ...signal, criticalSectionId: 'cs-1' } as HistoryEvent, dequeueCount: MAX_DEQUEUE + 5 };
    const { state, answers } = failPoisonedQueue(itemWith([other]), before, MAX_DEQUEUE, T0, recordingLogger());
    expect(state).toBe(before);
    expect(answers).toEqual([]);
  });

  it('does not count claims of batches that committed without reaching the unlock', () => {
    const before = { ...held({ criticalSectionId: 'cs-1', owner: 'orch' }), unrunClaims: [1, 1] };
    const { state } = failPoisonedQueue(itemWith([unlock(MAX_DEQUEUE + 2)]), before, MAX_DEQUEUE, T0, recordingLogger());
    expect(state).toBe(before);
  });
});
