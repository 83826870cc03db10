import { logEvent, type LogFieldKind } from '../model/log-event';

/**
 * Tracking events: the lifecycle of orchestrations, activities and entity operations, after
 * Durable Functions' tracking events (Scheduled, Started, Awaited, Listening, ExternalEventRaised,
 * Completed, Failed, Terminated, …). All at `debug`: quiet by default, on with a debug level or
 * host.json `logging.logLevel` for `DurableTask` (see the README). Payloads (`input`, `output`)
 * are written only with `tracing.traceInputsAndOutputs`; otherwise their length in characters
 * (`inputChars`, `outputChars`). Lines about history replayed from storage carry `isReplay: true`
 * and are written only with `tracing.traceReplayEvents`.
 */
/** Fields of every tracking event. */
export interface Tracked {
  instanceId: string;
  isReplay?: boolean;
}
/** A payload going in: itself, or only its length. */
export interface Input {
  input?: string;
  inputChars?: number;
}
/** A payload coming out: itself, or only its length. */
export interface Output {
  output?: string;
  outputChars?: number;
}

const TRACKED = { instanceId: 'string', isReplay: 'boolean' } as const satisfies Record<keyof Tracked, LogFieldKind>;
const INPUT = { input: 'payload', inputChars: 'number' } as const satisfies Record<keyof Input, LogFieldKind>;
const OUTPUT = { output: 'payload', outputChars: 'number' } as const satisfies Record<keyof Output, LogFieldKind>;

export const trackingLogs = {
  orchestrationStarted: logEvent<Tracked & Input & { name: string; version?: string; parentInstanceId?: string }>({
    name: 'orchestration.instance.started',
    level: 'debug',
    meaning: 'an orchestration instance started (its ExecutionStarted ran)',
    fields: { ...TRACKED, ...INPUT, name: 'string', version: 'string', parentInstanceId: 'string' },
  }),
  orchestrationAwaited: logEvent<Tracked & { name: string }>({
    name: 'orchestration.instance.awaited',
    level: 'debug',
    meaning: 'an episode ended with the orchestrator awaiting durable tasks; it is unloaded until one completes',
    fields: { ...TRACKED, name: 'string' },
  }),
  orchestrationListening: logEvent<Tracked & { name: string; eventNames: readonly string[] }>({
    name: 'orchestration.external-event.listening',
    level: 'debug',
    meaning: 'the orchestrator waits for external events with these names',
    fields: { ...TRACKED, name: 'string', eventNames: 'string[]' },
  }),
  externalEventRaised: logEvent<Tracked & Input & { eventName: string }>({
    name: 'orchestration.external-event.raised',
    level: 'debug',
    meaning: 'an external event reached the orchestration',
    fields: { ...TRACKED, ...INPUT, eventName: 'string' },
  }),
  eventSent: logEvent<Tracked & Input & { eventName: string; targetInstanceId: string }>({
    name: 'orchestration.event.sent',
    level: 'debug',
    meaning: 'the orchestration sent an event (or signalled an entity)',
    fields: { ...TRACKED, ...INPUT, eventName: 'string', targetInstanceId: 'string' },
  }),
  timerCreated: logEvent<Tracked & { timerId: number; fireAt: string }>({
    name: 'orchestration.timer.created',
    level: 'debug',
    meaning: 'the orchestration created a durable timer',
    fields: { ...TRACKED, timerId: 'number', fireAt: 'string' },
  }),
  timerFired: logEvent<Tracked & { timerId: number; fireAt: string }>({
    name: 'orchestration.timer.fired',
    level: 'debug',
    meaning: 'a durable timer fired into the orchestration',
    fields: { ...TRACKED, timerId: 'number', fireAt: 'string' },
  }),
  subOrchestrationScheduled: logEvent<Tracked & Input & { name: string; subInstanceId: string; taskId: number }>({
    name: 'orchestration.sub-orchestration.scheduled',
    level: 'debug',
    meaning: 'the orchestration started a sub-orchestration',
    fields: { ...TRACKED, ...INPUT, name: 'string', subInstanceId: 'string', taskId: 'number' },
  }),
  orchestrationSuspended: logEvent<Tracked & { reason?: string }>({
    name: 'orchestration.instance.suspended',
    level: 'debug',
    meaning: 'the instance was suspended',
    fields: { ...TRACKED, reason: 'string' },
  }),
  orchestrationResumed: logEvent<Tracked & { reason?: string }>({
    name: 'orchestration.instance.resumed',
    level: 'debug',
    meaning: 'the instance was resumed',
    fields: { ...TRACKED, reason: 'string' },
  }),
  orchestrationTerminated: logEvent<Tracked & { reason?: string }>({
    name: 'orchestration.instance.terminated',
    level: 'debug',
    meaning: 'the instance was terminated',
    fields: { ...TRACKED, reason: 'string' },
  }),
  orchestrationRewound: logEvent<Tracked & { reason?: string }>({
    name: 'orchestration.instance.rewound',
    level: 'debug',
    meaning: 'the failed instance was rewound and runs again from its failed steps',
    fields: { ...TRACKED, reason: 'string' },
  }),
  orchestrationCompleted: logEvent<Tracked & Output & { name: string }>({
    name: 'orchestration.instance.completed',
    level: 'debug',
    meaning: 'the orchestrator returned; the instance is Completed',
    fields: { ...TRACKED, ...OUTPUT, name: 'string' },
  }),
  orchestrationFailed: logEvent<Tracked & { name: string; error: unknown }>({
    name: 'orchestration.instance.failed',
    level: 'debug',
    meaning: 'the orchestrator threw (or its code could not run); the instance is Failed',
    fields: { ...TRACKED, name: 'string', error: 'error' },
  }),
  activityScheduled: logEvent<Tracked & Input & { name: string; taskId: number }>({
    name: 'activity.task.scheduled',
    level: 'debug',
    meaning: 'the orchestration scheduled an activity',
    fields: { ...TRACKED, ...INPUT, name: 'string', taskId: 'number' },
  }),
  activityCompletedInHistory: logEvent<Tracked & Output & { taskId: number }>({
    name: 'activity.result.received',
    level: 'debug',
    meaning: "an activity's result reached its orchestration",
    fields: { ...TRACKED, ...OUTPUT, taskId: 'number' },
  }),
  activityStarted: logEvent<Tracked & Input & { name: string; taskId: number; dequeueCount: number }>({
    name: 'activity.task.started',
    level: 'debug',
    meaning: 'a worker started running an activity',
    fields: { ...TRACKED, ...INPUT, name: 'string', taskId: 'number', dequeueCount: 'number' },
  }),
  activityCompleted: logEvent<Tracked & Output & { name: string; taskId: number; durationMs: number }>({
    name: 'activity.task.completed',
    level: 'debug',
    meaning: 'an activity returned (a throw is activity.task.failed, at warn)',
    fields: { ...TRACKED, ...OUTPUT, name: 'string', taskId: 'number', durationMs: 'number' },
  }),
  entityBatchCompleted: logEvent<Tracked & { operations: number; failedSignals: number }>({
    name: 'entity.batch.completed',
    level: 'debug',
    meaning: "an entity ran a batch of operations from its inbox (a failed signalled one is entity.signal.failed, at warn; a failed call is answered to its caller)",
    fields: { ...TRACKED, operations: 'number', failedSignals: 'number' },
  }),
};
