import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from 'durable-ts';
import { historyProblems } from './crash-harness';

// Guards the crash tests' own checker: it must see the duplicates the crash tests look for.
const at = '2024-01-01T00:00:00.000Z';
const resultOf = (index: number): number => index * 10;

function scheduled(eventId: number, index: number): HistoryEvent {
  return { type: 'TaskScheduled', eventId, timestamp: at, name: 'Work', input: JSON.stringify({ index }) };
}
function completed(taskScheduledId: number, index: number): HistoryEvent {
  return { type: 'TaskCompleted', eventId: -1, timestamp: at, taskScheduledId, result: JSON.stringify(resultOf(index)) };
}
const started: HistoryEvent = { type: 'ExecutionStarted', eventId: -1, timestamp: at, name: 'O', instanceId: 'i', executionId: 'e' };
const finished: HistoryEvent = { type: 'ExecutionCompleted', eventId: -1, timestamp: at, orchestrationStatus: 'Completed', result: '10' };
const good: HistoryEvent[] = [started, scheduled(0, 0), scheduled(1, 1), completed(1, 1), completed(0, 0), finished];

describe('historyProblems (checker of the crash tests)', () => {
  it('accepts a well-formed history', () => {
    expect(historyProblems(good, 2, resultOf)).toEqual([]);
  });

  it('reports a duplicated TaskScheduled, a duplicated TaskCompleted, a second ExecutionCompleted and a wrong result', () => {
    expect(historyProblems([...good, scheduled(1, 1)], 2, resultOf).join('\n')).toMatch(/eventId 1 appears more than once/);
    expect(historyProblems([...good.slice(0, -1), completed(0, 0), finished], 2, resultOf)).toContain(
      'taskScheduledId 0 has 2 TaskCompleted/TaskFailed events',
    );
    expect(historyProblems([...good, finished], 2, resultOf)).toContain('2 ExecutionCompleted events');
    expect(historyProblems([started, scheduled(0, 0), scheduled(1, 1), completed(0, 1), completed(1, 1), finished], 2, resultOf).join('\n')).toMatch(
      /index 0\) has result 10/,
    );
  });

  it('reports a task without outcome and a missing activity', () => {
    expect(historyProblems([started, scheduled(0, 0), completed(0, 0), finished], 2, resultOf)).toEqual([
      '1 distinct TaskScheduled eventIds, expected 2',
      'activity indexes never scheduled: 1',
    ]);
    expect(historyProblems([started, scheduled(0, 0), scheduled(1, 1), completed(0, 0), finished], 2, resultOf)).toEqual([
      'taskScheduledId 1 has 0 TaskCompleted/TaskFailed events',
    ]);
  });
});
