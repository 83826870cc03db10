import type { FailureDetails } from '../model/failure-details';
import type { HistoryEvent } from '../model/history-event';

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
    return this.push({ type: 'OrchestratorStarted', eventId: -1, timestamp: this.now() });
  }

  executionStarted(name: string, input?: unknown, version?: string): this {
    return this.push({
      type: 'ExecutionStarted',
      eventId: -1,
      timestamp: this.now(),
      name,
      instanceId: this.instanceId,
      executionId: 'execution-1',
      ...(input !== undefined ? { input: JSON.stringify(input) } : {}),
      ...(version !== undefined ? { version } : {}),
    });
  }

  taskScheduled(id: number, name: string, input?: unknown): this {
    return this.push({ type: 'TaskScheduled', eventId: id, timestamp: this.now(), name, ...(input !== undefined ? { input: JSON.stringify(input) } : {}) });
  }

  taskCompleted(id: number, result?: unknown): this {
    return this.push({ type: 'TaskCompleted', eventId: -1, timestamp: this.now(), taskScheduledId: id, ...(result !== undefined ? { result: JSON.stringify(result) } : {}) });
  }

  taskFailed(id: number, failureDetails: FailureDetails): this {
    return this.push({ type: 'TaskFailed', eventId: -1, timestamp: this.now(), taskScheduledId: id, failureDetails });
  }

  timerCreated(id: number, fireAt: Date): this {
    return this.push({ type: 'TimerCreated', eventId: id, timestamp: this.now(), fireAt: fireAt.toISOString() });
  }

  timerFired(id: number, fireAt: Date): this {
    return this.push({ type: 'TimerFired', eventId: -1, timestamp: this.now(), timerId: id, fireAt: fireAt.toISOString() });
  }

  eventRaised(name: string, input?: unknown): this {
    return this.push({ type: 'EventRaised', eventId: -1, timestamp: this.now(), name, ...(input !== undefined ? { input: JSON.stringify(input) } : {}) });
  }

  executionSuspended(reason?: string): this {
    return this.push({ type: 'ExecutionSuspended', eventId: -1, timestamp: this.now(), ...(reason !== undefined ? { reason } : {}) });
  }

  executionResumed(reason?: string): this {
    return this.push({ type: 'ExecutionResumed', eventId: -1, timestamp: this.now(), ...(reason !== undefined ? { reason } : {}) });
  }

  executionTerminated(reason?: string): this {
    return this.push({ type: 'ExecutionTerminated', eventId: -1, timestamp: this.now(), ...(reason !== undefined ? { input: JSON.stringify(reason) } : {}) });
  }

  orchestratorCompleted(): this {
    return this.push({ type: 'OrchestratorCompleted', eventId: -1, timestamp: this.now() });
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
