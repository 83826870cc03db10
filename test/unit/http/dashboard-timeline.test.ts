import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/model/history-event';
import { newHistoryEvent } from '../../../src/model/history-event-factory';
import { buildTimeline } from '../../../src/http/dashboard/timeline';

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const failure = (message: string) => ({ errorType: 'Error', message });

describe('dashboard timeline', () => {
  it('turns scheduled work into bars closed by their outcome, and numbers the attempts after failures', () => {
    const events: HistoryEvent[] = [
      newHistoryEvent({ type: 'OrchestratorStarted' }, at(0)),
      newHistoryEvent({ type: 'ExecutionStarted', name: 'Order', instanceId: 'o1', executionId: 'e1' }, at(0)),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Reserve' }, at(0), 0),
      newHistoryEvent({ type: 'TaskFailed', taskScheduledId: 0, failureDetails: failure('busy') }, at(2)),
      newHistoryEvent({ type: 'TimerCreated', fireAt: at(3) }, at(2), 1),
      newHistoryEvent({ type: 'TimerFired', timerId: 1, fireAt: at(3) }, at(3)),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Reserve' }, at(3), 2),
      newHistoryEvent({ type: 'TaskFailed', taskScheduledId: 2, failureDetails: failure('busy again') }, at(4)),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Reserve' }, at(5), 3),
      newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: 3, result: '"ok"' }, at(6)),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Reserve' }, at(7), 4),
      newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: 4 }, at(8)),
    ];
    const spans = buildTimeline(events).spans;
    expect(spans.map((s) => [s.kind, s.name, s.outcome, s.attempt])).toEqual([
      ['execution', 'started Order', 'completed', 1],
      ['activity', 'Reserve', 'failed', 1],
      ['timer', 'timer', 'completed', 1],
      ['activity', 'Reserve', 'failed', 2],
      ['activity', 'Reserve', 'completed', 3],
      ['activity', 'Reserve', 'completed', 1], // a success ends the run of attempts: the next call is a first one
    ]);
    expect(spans[1]).toMatchObject({ start: at(0), end: at(2), failure: 'busy' });
    expect(spans[2]).toMatchObject({ fireAt: at(3) });
  });

  it('keeps running work open, and shows sub-orchestrations, events, entity calls and signals, parent and children', () => {
    const events: HistoryEvent[] = [
      newHistoryEvent(
        { type: 'ExecutionStarted', name: 'Child', instanceId: 'c1', executionId: 'e1', parentInstance: { instanceId: 'p1', executionId: 'pe', taskScheduledId: 0, name: 'Parent' } },
        at(0),
      ),
      newHistoryEvent({ type: 'SubOrchestrationInstanceCreated', name: 'Grandchild', instanceId: 'g1' }, at(1), 0),
      newHistoryEvent({ type: 'EventSent', instanceId: '@counter@a', name: 'add' }, at(1), 1),
      newHistoryEvent({ type: 'EventSent', instanceId: '@counter@b', name: 'get' }, at(1), 2),
      newHistoryEvent({ type: 'EventRaised', name: 'Approval', input: 'true' }, at(2)),
      newHistoryEvent({ type: 'EntityOperationCompleted', taskScheduledId: 2, result: '1' }, at(3)),
      newHistoryEvent({ type: 'TaskScheduled', name: 'Slow' }, at(4), 3),
    ];
    const timeline = buildTimeline(events);
    expect(timeline.parent).toEqual({ instanceId: 'p1', name: 'Parent' });
    expect(timeline.children).toEqual([{ instanceId: 'g1', name: 'Grandchild' }]);
    expect(timeline.spans.map((s) => [s.kind, s.name, s.outcome, s.end])).toEqual([
      ['execution', 'started Child', 'completed', at(0)],
      ['sub-orchestration', 'Grandchild', 'open', undefined],
      ['entity', 'add', 'completed', at(1)], // a signal: no reply, an instant
      ['entity', 'get', 'completed', at(3)], // a call: closed by its reply; rows are in the order work started
      ['event', 'Approval', 'completed', at(2)],
      ['activity', 'Slow', 'open', undefined],
    ]);
  });

  it('shows how the execution ended, with the failure', () => {
    const events: HistoryEvent[] = [
      newHistoryEvent({ type: 'ExecutionStarted', name: 'Pay', instanceId: 'p', executionId: 'e' }, at(0)),
      newHistoryEvent({ type: 'ExecutionSuspended', reason: 'wait' }, at(1)),
      newHistoryEvent({ type: 'ExecutionResumed' }, at(2)),
      newHistoryEvent({ type: 'ExecutionCompleted', orchestrationStatus: 'Failed', failureDetails: failure('declined') }, at(3)),
    ];
    expect(buildTimeline(events).spans.map((s) => [s.name, s.outcome, s.failure])).toEqual([
      ['started Pay', 'completed', undefined],
      ['suspended', 'completed', undefined],
      ['resumed', 'completed', undefined],
      ['failed', 'failed', 'declined'],
    ]);
  });
});
