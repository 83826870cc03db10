import type { HistoryEvent } from '../model/history-event';
import { silentLogger, type Logger } from '../model/logger';
import { trackingLogs, type Input, type Output } from './tracking-logs';

/** The durable HTTP activity: its input is a request whose headers may carry credentials. */
const HTTP_ACTIVITY = 'BuiltIn::HttpActivity';

/** What the host configures for tracking events (host.json `tracing` and the DurableTask category). */
export interface TrackingSettings {
  /** Where tracking events go: the host's logger, or a child with the DurableTask category's level. */
  readonly log: Logger;
  readonly traceInputsAndOutputs: boolean;
  readonly traceReplayEvents: boolean;
}

/** No tracking: what a worker built without settings (tests, tools) uses. */
export const NO_TRACKING: TrackingSettings = { log: silentLogger, traceInputsAndOutputs: false, traceReplayEvents: false };

/**
 * Writes the tracking events (see tracking-logs.ts) from what the worker already has: the history
 * an episode committed, the activity it ran, the entity batch it ran. Payloads are written only
 * with traceInputsAndOutputs (never a durable HTTP request's); otherwise their length.
 */
export class Tracker {
  constructor(private readonly settings: TrackingSettings = NO_TRACKING) {}

  get tracesReplay(): boolean {
    return this.settings.traceReplayEvents;
  }

  /** The lifecycle events in `events`, history of `instanceId` (replayed from storage when `isReplay`). */
  history(instanceId: string, name: string, events: readonly HistoryEvent[], isReplay = false): void {
    if (isReplay && !this.settings.traceReplayEvents) return;
    const log = this.settings.log;
    // Every tracking event is a debug line (tracking-logs.ts): with debug off, build none of them.
    if (log.isLevelEnabled?.('debug') === false) return;
    const base = { instanceId, ...(isReplay ? { isReplay: true } : {}) };
    const activityNames = new Map<number, string>();
    for (const e of events) {
      switch (e.type) {
        case 'ExecutionStarted':
          trackingLogs.orchestrationStarted(log, {
            ...base,
            name: e.name,
            ...(e.version !== undefined ? { version: e.version } : {}),
            ...(e.parentInstance !== undefined ? { parentInstanceId: e.parentInstance.instanceId } : {}),
            ...this.input(e.input),
          });
          break;
        case 'TaskScheduled':
          activityNames.set(e.eventId, e.name);
          trackingLogs.activityScheduled(log, { ...base, name: e.name, taskId: e.eventId, ...this.input(e.input, e.name) });
          break;
        case 'TaskCompleted':
          trackingLogs.activityCompletedInHistory(log, { ...base, taskId: e.taskScheduledId, ...this.output(e.result, activityNames.get(e.taskScheduledId)) });
          break;
        case 'SubOrchestrationInstanceCreated':
          trackingLogs.subOrchestrationScheduled(log, { ...base, name: e.name, subInstanceId: e.instanceId, taskId: e.eventId, ...this.input(e.input) });
          break;
        case 'TimerCreated':
          trackingLogs.timerCreated(log, { ...base, timerId: e.eventId, fireAt: e.fireAt });
          break;
        case 'TimerFired':
          trackingLogs.timerFired(log, { ...base, timerId: e.timerId, fireAt: e.fireAt });
          break;
        case 'EventRaised':
          trackingLogs.externalEventRaised(log, { ...base, eventName: e.name, ...this.input(e.input) });
          break;
        case 'EventSent':
          trackingLogs.eventSent(log, { ...base, eventName: e.name, targetInstanceId: e.instanceId, ...this.input(e.input) });
          break;
        case 'ExecutionSuspended':
          trackingLogs.orchestrationSuspended(log, { ...base, ...reason(e.reason) });
          break;
        case 'ExecutionResumed':
          trackingLogs.orchestrationResumed(log, { ...base, ...reason(e.reason) });
          break;
        case 'ExecutionTerminated':
          trackingLogs.orchestrationTerminated(log, { ...base, ...reason(e.input) });
          break;
        case 'ExecutionRewound':
          trackingLogs.orchestrationRewound(log, { ...base, ...reason(e.reason) });
          break;
        case 'ExecutionCompleted':
          if (e.orchestrationStatus === 'Completed') trackingLogs.orchestrationCompleted(log, { ...base, name, ...this.output(e.result) });
          else if (e.orchestrationStatus === 'Failed') trackingLogs.orchestrationFailed(log, { ...base, name, error: e.failureDetails ?? { errorType: 'Error', message: 'failed' } });
          break;
        default:
          // The other events (episode markers, answers to sub-orchestrations and entities, locks)
          // are bookkeeping: their lifecycle shows in the events above or the other instance's.
          break;
      }
    }
  }

  /** After a committed episode that left the orchestrator waiting: awaited, and listening for these events. */
  waiting(instanceId: string, name: string, eventNames: readonly string[]): void {
    trackingLogs.orchestrationAwaited(this.settings.log, { instanceId, name });
    if (eventNames.length > 0) trackingLogs.orchestrationListening(this.settings.log, { instanceId, name, eventNames });
  }

  activityStarted({ input, ...f }: { instanceId: string; name: string; taskId: number; dequeueCount: number; input: string | undefined }): void {
    trackingLogs.activityStarted(this.settings.log, { ...f, ...this.input(input, f.name) });
  }

  activityCompleted({ output, ...f }: { instanceId: string; name: string; taskId: number; durationMs: number; output: string | undefined }): void {
    trackingLogs.activityCompleted(this.settings.log, { ...f, ...this.output(output, f.name) });
  }

  entityBatch(entityId: string, operations: number, failedSignals: number): void {
    trackingLogs.entityBatchCompleted(this.settings.log, { instanceId: entityId, operations, failedSignals });
  }

  private input(text: string | undefined, activity?: string): Input {
    if (text === undefined) return {};
    return this.settings.traceInputsAndOutputs && activity !== HTTP_ACTIVITY ? { input: text } : { inputChars: text.length };
  }

  private output(text: string | undefined, activity?: string): Output {
    if (text === undefined) return {};
    return this.settings.traceInputsAndOutputs && activity !== HTTP_ACTIVITY ? { output: text } : { outputChars: text.length };
  }
}

function reason(text: string | undefined): { reason?: string } {
  return text === undefined ? {} : { reason: text };
}
