import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from 'durable-ts';
import { toHistoryView } from '../../../src/http/history-view';

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

/** A running instance's history with every kind of event the view maps specially. */
const history: HistoryEvent[] = [
  { type: 'OrchestratorStarted', eventId: -1, timestamp: at(0) },
  { type: 'ExecutionStarted', eventId: -1, timestamp: at(0), name: 'Approval', instanceId: 'i', executionId: 'e', input: '{"order":1}' },
  { type: 'TaskScheduled', eventId: 0, timestamp: at(1), name: 'Notify', input: '"boss"' },
  { type: 'TimerCreated', eventId: 1, timestamp: at(1), fireAt: at(60) },
  { type: 'OrchestratorCompleted', eventId: -1, timestamp: at(1) },
  { type: 'OrchestratorStarted', eventId: -1, timestamp: at(2) },
  { type: 'TaskCompleted', eventId: -1, timestamp: at(2), taskScheduledId: 0, result: '"sent"' },
  { type: 'EventRaised', eventId: -1, timestamp: at(3), name: 'Approved', input: 'true' },
  { type: 'TaskScheduled', eventId: 2, timestamp: at(3), name: 'Ship', input: '{"order":1}' },
  { type: 'OrchestratorCompleted', eventId: -1, timestamp: at(3) },
];

describe('history view of the HTTP API', () => {
  it('merges a completion with its schedule, keeps a pending schedule, drops orchestrator episodes', () => {
    expect(toHistoryView(history, { showHistoryOutput: true, showInput: true })).toEqual([
      { EventType: 'ExecutionStarted', Timestamp: at(0), FunctionName: 'Approval', Input: { order: 1 } },
      { EventType: 'TimerCreated', Timestamp: at(1), FireAt: at(60) },
      { EventType: 'TaskCompleted', Timestamp: at(2), FunctionName: 'Notify', ScheduledTime: at(1), Input: 'boss', Result: 'sent' },
      { EventType: 'EventRaised', Timestamp: at(3), Name: 'Approved', Input: true },
      { EventType: 'TaskScheduled', Timestamp: at(3), Name: 'Ship', Input: { order: 1 } },
    ]);
  });

  it('leaves out results without showHistoryOutput and inputs with showInput=false', () => {
    const view = toHistoryView(history, { showHistoryOutput: false, showInput: false });
    expect(view.some((e) => 'Result' in e || 'Input' in e)).toBe(false);
    expect(view.map((e) => e.EventType)).toEqual(['ExecutionStarted', 'TimerCreated', 'TaskCompleted', 'EventRaised', 'TaskScheduled']);
  });

  it('shows a failed execution with its failure message as Result and its FailureDetails', () => {
    const failed: HistoryEvent[] = [
      { type: 'ExecutionStarted', eventId: -1, timestamp: at(0), name: 'X', instanceId: 'i', executionId: 'e' },
      {
        type: 'ExecutionCompleted',
        eventId: -1,
        timestamp: at(1),
        orchestrationStatus: 'Failed',
        failureDetails: { errorType: 'RangeError', message: 'too far', innerFailure: { errorType: 'Error', message: 'inner' } },
      },
    ];
    expect(toHistoryView(failed, { showHistoryOutput: true, showInput: true })[1]).toEqual({
      EventType: 'ExecutionCompleted',
      Timestamp: at(1),
      OrchestrationStatus: 'Failed',
      Result: 'too far',
      FailureDetails: { ErrorType: 'RangeError', ErrorMessage: 'too far', InnerFailure: { ErrorType: 'Error', ErrorMessage: 'inner' } },
    });
  });
});
