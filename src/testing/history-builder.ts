import type { FailureDetails } from '../model/failure-details';
import type { HistoryEvent } from '../model/history-event';
import { newHistoryEvent } from '../model/history-event-factory';
import { actionToHistoryEvent } from '../orchestration/action-history';

/**
 * Builds histories by hand for replay tests: each method appends one event, with timestamps
 * that advance one second per episode from `start`.
 */
export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private time: number;

  constructor(
    private readonly instanceId = 'test-instance',
    start = Date.UTC(2026, 0, 1),
  ) {
    this.time = start;
  }

  /** An episode boundary: OrchestratorStarted at the next second. */
  orchestratorStarted(): this {
    this.time += 1000;
    return this.push(newHistoryEvent({ type: 'OrchestratorStarted' }, this.now()));
  }

  executionStarted(name: string, input?: unknown, version?: string): this {
    return this.push(
      newHistoryEvent(
        {
          type: 'ExecutionStarted',
          name,
          instanceId: this.instanceId,
          executionId: 'execution-1',
          ...(input !== undefined ? { input: JSON.stringify(input) } : {}),
          ...(version !== undefined ? { version } : {}),
        },
        this.now(),
      ),
    );
  }

  taskScheduled(id: number, name: string, input?: unknown): this {
    return this.push(actionToHistoryEvent({ kind: 'ScheduleTask', id, name, ...(input !== undefined ? { input: JSON.stringify(input) } : {}) }, this.now()));
  }

  taskCompleted(id: number, result?: unknown): this {
    return this.push(newHistoryEvent({ type: 'TaskCompleted', taskScheduledId: id, ...(result !== undefined ? { result: JSON.stringify(result) } : {}) }, this.now()));
  }

  taskFailed(id: number, failureDetails: FailureDetails): this {
    return this.push(newHistoryEvent({ type: 'TaskFailed', taskScheduledId: id, failureDetails }, this.now()));
  }

  timerCreated(id: number, fireAt: Date): this {
    return this.push(actionToHistoryEvent({ kind: 'CreateTimer', id, fireAt: fireAt.toISOString() }, this.now()));
  }

  timerFired(id: number, fireAt: Date): this {
    return this.push(newHistoryEvent({ type: 'TimerFired', timerId: id, fireAt: fireAt.toISOString() }, this.now()));
  }

  eventRaised(name: string, input?: unknown): this {
    return this.push(newHistoryEvent({ type: 'EventRaised', name, ...(input !== undefined ? { input: JSON.stringify(input) } : {}) }, this.now()));
  }

  executionSuspended(reason?: string): this {
    return this.push(newHistoryEvent({ type: 'ExecutionSuspended', ...(reason !== undefined ? { reason } : {}) }, this.now()));
  }

  executionResumed(reason?: string): this {
    return this.push(newHistoryEvent({ type: 'ExecutionResumed', ...(reason !== undefined ? { reason } : {}) }, this.now()));
  }

  executionTerminated(reason?: string): this {
    return this.push(newHistoryEvent({ type: 'ExecutionTerminated', ...(reason !== undefined ? { input: JSON.stringify(reason) } : {}) }, this.now()));
  }

  orchestratorCompleted(): this {
    return this.push(newHistoryEvent({ type: 'OrchestratorCompleted' }, this.now()));
  }

  build(): HistoryEvent[] {
    return [...this.events];
  }

  /** Splits the built events into those already in history and the `count` newest ones. */
  split(count: number): { past: HistoryEvent[]; news: HistoryEvent[] } {
    return { past: this.events.slice(0, this.events.length - count), news: this.events.slice(this.events.length - count) };
  }

  private now(): string {
    return new Date(this.time).toISOString();
  }

  private push(event: HistoryEvent): this {
    this.events.push(event);
    return this;
  }
}
