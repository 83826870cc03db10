import { describe, expect, it } from 'vitest';
import type { ExecutionStartedEvent, HistoryEvent } from '../../../src/model/history-event';
import { newHistoryEvent } from '../../../src/model/history-event-factory';
import { PayloadRecords } from '../../../src/storage/payload/payload-records';
import type { EpisodeCommit, InstanceRecord, OrchestrationWorkItem } from '../../../src/storage/storage-records';

const AT = '2026-01-01T00:00:00.000Z';
/** The payload text the test map changes; every other payload is left as it is. */
const MARKED = '"marked"';
const PLAIN = '"plain"';

/** Records whose map upper-cases only the marked payload, counting the texts it was given. */
function markedRecords(): { records: PayloadRecords; mapped: string[] } {
  const mapped: string[] = [];
  const records = new PayloadRecords(
    async (text) => {
      mapped.push(text);
      return text === MARKED ? text.toUpperCase() : text;
    },
    (text) => text === MARKED,
  );
  return { records, mapped };
}

function started(input: string): ExecutionStartedEvent {
  return newHistoryEvent({ type: 'ExecutionStarted', name: 'Child', instanceId: 'child', executionId: 'e2', input }, AT);
}

function raised(input: string): HistoryEvent {
  return newHistoryEvent({ type: 'EventRaised', name: 'go', input }, AT);
}

/** Every string value inside `value`, at any depth. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}

/** A commit with a plain payload in every field that carries one. */
function plainCommit(): EpisodeCommit {
  return {
    instanceId: 'parent',
    executionId: 'e1',
    expectedHistoryLength: 3,
    consumedMessageIds: [1],
    newHistory: [raised(PLAIN), newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: 0, result: PLAIN }, AT)],
    update: { runtimeStatus: 'Running', output: PLAIN, customStatus: PLAIN, lastUpdatedAt: 1 },
    activities: [{ taskId: 0, name: 'Act', input: PLAIN, visibleAt: 1 }],
    messages: [{ instanceId: 'other', event: raised(PLAIN), visibleAt: 1 }],
    newInstances: [
      { instanceId: 'child', executionId: 'e2', name: 'Child', input: PLAIN, createdAt: 1, startEvent: started(PLAIN), onConflict: { instanceId: 'child', event: raised(PLAIN), visibleAt: 1 } },
    ],
    entityState: PLAIN,
    continueAsNew: { executionId: 'e3', input: PLAIN, startEvent: started(PLAIN), carriedEvents: [raised(PLAIN)] },
  };
}

/** One way to put the marked payload in each field of the commit that carries a payload. */
const MARK_ONE_FIELD: Record<string, (commit: EpisodeCommit) => EpisodeCommit> = {
  'a new history event input': (c) => ({ ...c, newHistory: [raised(MARKED)] }),
  'a new history event result': (c) => ({ ...c, newHistory: [newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: 0, result: MARKED }, AT)] }),
  'the output': (c) => ({ ...c, update: { ...c.update, output: MARKED } }),
  'the custom status': (c) => ({ ...c, update: { ...c.update, customStatus: MARKED } }),
  'an activity input': (c) => ({ ...c, activities: [{ taskId: 0, name: 'Act', input: MARKED, visibleAt: 1 }] }),
  'a message event': (c) => ({ ...c, messages: [{ instanceId: 'other', event: raised(MARKED), visibleAt: 1 }] }),
  'a child input': (c) => ({ ...c, newInstances: c.newInstances?.map((child) => ({ ...child, input: MARKED })) }),
  'a child start event': (c) => ({ ...c, newInstances: c.newInstances?.map((child) => ({ ...child, startEvent: started(MARKED) })) }),
  'a child conflict message': (c) => ({ ...c, newInstances: c.newInstances?.map((child) => ({ ...child, onConflict: { instanceId: 'child', event: raised(MARKED), visibleAt: 1 } })) }),
  'the entity state': (c) => ({ ...c, entityState: MARKED }),
  'the continue-as-new input': (c) => ({ ...c, continueAsNew: c.continueAsNew && { ...c.continueAsNew, input: MARKED } }),
  'the continue-as-new start event': (c) => ({ ...c, continueAsNew: c.continueAsNew && { ...c.continueAsNew, startEvent: started(MARKED) } }),
  'a carried event': (c) => ({ ...c, continueAsNew: c.continueAsNew && { ...c.continueAsNew, carriedEvents: [raised(MARKED)] } }),
};

describe('payload records: what passes through unchanged and what is mapped', () => {
  it('hands on a commit none of whose payloads may change as it is, mapping nothing', async () => {
    const { records, mapped } = markedRecords();
    const commit = plainCommit();
    expect(await records.commit(commit)).toBe(commit);
    expect(mapped).toEqual([]);
  });

  for (const [field, mark] of Object.entries(MARK_ONE_FIELD)) {
    it(`maps a commit whose only changing payload is ${field}`, async () => {
      const { records, mapped } = markedRecords();
      const commit = mark(plainCommit());
      const stored = await records.commit(commit);
      expect(mapped).toContain(MARKED);
      expect(stringsIn(stored)).toContain('"MARKED"');
      expect(stringsIn(stored)).not.toContain(MARKED);
    });
  }

  it('hands on a claimed work item as it is unless its instance or a message has a payload to decode', async () => {
    const { records } = markedRecords();
    const instance: InstanceRecord = {
      instanceId: 'i',
      executionId: 'e',
      name: 'O',
      runtimeStatus: 'Running',
      input: PLAIN,
      createdAt: new Date(0),
      lastUpdatedAt: new Date(0),
      historyLength: 0,
    };
    const item: OrchestrationWorkItem = { instance, messages: [{ messageId: 1, instanceId: 'i', event: raised(PLAIN), visibleAt: 0, dequeueCount: 1 }], leaseExpiresAt: 1 };
    expect(await records.orchestrationWorkItem(item)).toBe(item);
    const withMarkedInput = { ...item, instance: { ...instance, input: MARKED } };
    expect((await records.orchestrationWorkItem(withMarkedInput)).instance.input).toBe('"MARKED"');
    const withMarkedEvent = { ...item, messages: [{ ...item.messages[0]!, event: raised(MARKED) }] };
    expect((await records.orchestrationWorkItem(withMarkedEvent)).messages[0]?.event).toMatchObject({ input: '"MARKED"' });
  });
});
