import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import type { FailureDetails } from '../model/failure-details';
import type { ExecutionStartedEvent, HistoryEvent } from '../model/history-event';
import type { TraceContext } from '../model/trace-context';
import type { EpisodeCommit, InstanceRecord } from '../storage/storage-records';
import { withForcedSpanIds } from '../telemetry/durable-id-generator';
import type { DurableMetrics } from '../telemetry/durable-metrics';
import { durableTracer, SpanAttributes } from '../telemetry/durable-tracer';
import { contextWithParent, fromTraceContext, toTraceContext } from '../telemetry/traceparent';
import type { InstanceTrace, ScheduledStep } from './instance-trace';
import { stepSpanShape } from './step-span-shape';

/**
 * Instance spans held open in memory until their execution ends. Past this many (instances
 * waiting for months on events or timers) the oldest is let go unended, and re-emitted with its
 * recorded id when its execution ends, as after a restart.
 */
const MAX_OPEN_INSTANCE_SPANS = 10_000;

/**
 * Traces and counts orchestration episodes from what they commit, never from what they replay:
 * a span is emitted only for history an episode appended and the storage accepted, so a replayed
 * episode, a retried one or one whose lease was lost emits nothing twice.
 *
 * - The instance span opens with the execution's first episode (its parent is the trace context
 *   stored with ExecutionStarted) and its context is recorded in history on that episode's
 *   OrchestratorStarted. It ends when the execution ends; episodes are its span events.
 * - Each finished activity, durable HTTP request or entity call is one child span, emitted when
 *   its completion is committed, from the time history recorded it scheduled to its completion.
 * - A sub-orchestration's ExecutionStarted carries the instance span's context: its own instance
 *   span joins the parent's trace.
 */
export class OrchestrationTelemetry {
  private readonly open = new Map<string, Span>();

  constructor(readonly metrics: DurableMetrics) {}

  /** Opens the instance span for an execution's first episode; the context to record, if an SDK records it. */
  openInstanceSpan(start: ExecutionStartedEvent): TraceContext | undefined {
    const span = durableTracer().startSpan(
      `orchestration ${start.name}`,
      { kind: SpanKind.CONSUMER, startTime: Date.parse(start.timestamp), attributes: instanceAttributes(start.name, start.instanceId, start.executionId) },
      contextWithParent(ROOT_CONTEXT, start.parentTraceContext),
    );
    const recorded = span.isRecording() ? toTraceContext(span.spanContext()) : undefined;
    if (recorded === undefined) return undefined;
    this.open.set(keyOf(start.instanceId, start.executionId), span);
    while (this.open.size > MAX_OPEN_INSTANCE_SPANS) {
      const oldest = this.open.keys().next();
      if (oldest.done === true) break;
      this.open.delete(oldest.value);
    }
    return recorded;
  }

  /** The episode that opened a span was not committed: the span is dropped unended (another worker opens its own). */
  discardInstanceSpan(instance: InstanceRecord): void {
    this.open.delete(keyOf(instance.instanceId, instance.executionId));
  }

  /** Trace contexts for the executions this commit starts: children of this instance's span, continuations of its parent. */
  withTraceContexts(commit: EpisodeCommit, trace: { readonly spanContext: TraceContext | undefined; readonly parentTraceContext: TraceContext | undefined }): EpisodeCommit {
    const { spanContext, parentTraceContext } = trace;
    if (spanContext === undefined) return commit;
    const newInstances = commit.newInstances?.map((child) => ({ ...child, startEvent: { ...child.startEvent, parentTraceContext: spanContext } }));
    const continueAsNew =
      commit.continueAsNew !== undefined && parentTraceContext !== undefined
        ? { ...commit.continueAsNew, startEvent: { ...commit.continueAsNew.startEvent, parentTraceContext } }
        : commit.continueAsNew;
    return { ...commit, ...(newInstances !== undefined ? { newInstances } : {}), ...(continueAsNew !== undefined ? { continueAsNew } : {}) };
  }

  /** After a committed episode: spans for what it finished, metrics for what it did. `trace` is folded forward. */
  committed(instance: InstanceRecord, commit: EpisodeCommit, trace: InstanceTrace | undefined, elapsedMs: number): void {
    this.metrics.episodeRan(instance.name, elapsedMs / 1000);
    for (const event of commit.newHistory) {
      if (event.type === 'ExecutionStarted') this.metrics.orchestrationStarted(event.name);
      const step = trace?.observe(event);
      if (step !== undefined && trace !== undefined) this.emitStepSpan(step, event, trace, instance);
      if (event.type === 'ExecutionCompleted') {
        this.metrics.orchestrationFinished(instance.name, event.orchestrationStatus);
        this.endInstanceSpan(instance, trace, event.orchestrationStatus, event.timestamp, event.failureDetails);
      }
    }
    if (commit.continueAsNew !== undefined) this.endInstanceSpan(instance, trace, 'ContinuedAsNew', new Date(commit.update.lastUpdatedAt).toISOString());
  }

  private emitStepSpan(step: ScheduledStep, completion: HistoryEvent, trace: InstanceTrace, instance: InstanceRecord): void {
    if (trace.spanContext === undefined) return; // the instance started untraced
    const shape = stepSpanShape(step);
    const span = durableTracer().startSpan(
      shape.name,
      {
        kind: shape.kind,
        startTime: Date.parse(step.scheduledAt),
        attributes: { ...shape.attributes, [SpanAttributes.instanceId]: instance.instanceId, ...taskIdOf(completion) },
      },
      contextWithParent(ROOT_CONTEXT, trace.spanContext),
    );
    if (completion.type === 'TaskFailed' || completion.type === 'EntityOperationFailed') markFailed(span, completion.failureDetails);
    span.end(Date.parse(completion.timestamp));
  }

  private endInstanceSpan(instance: InstanceRecord, trace: InstanceTrace | undefined, status: string, endedAt: string, failure?: FailureDetails): void {
    const key = keyOf(instance.instanceId, instance.executionId);
    const span = this.open.get(key) ?? (trace !== undefined ? reissueInstanceSpan(instance, trace) : undefined);
    this.open.delete(key);
    if (span === undefined) return;
    const since = trace?.rewoundAt ?? '';
    trace?.episodes.forEach((at, index) => {
      if (at >= since) span.addEvent('durable.episode', { [SpanAttributes.episodeIndex]: index }, Date.parse(at));
    });
    span.setAttribute(SpanAttributes.runtimeStatus, status);
    if (status === 'Failed' && failure !== undefined) markFailed(span, failure);
    span.end(Date.parse(endedAt));
  }
}

/**
 * The instance span of an execution whose span this process does not hold (it opened elsewhere,
 * or before a restart): made again from history, with the recorded ids when the app's tracer
 * provider uses DurableIdGenerator, else with fresh ids and the recorded span id as an attribute.
 */
function reissueInstanceSpan(instance: InstanceRecord, trace: InstanceTrace): Span | undefined {
  const recorded = fromTraceContext(trace.spanContext);
  if (recorded === undefined || trace.startedAt === undefined) return undefined;
  if (trace.rewoundAt !== undefined) return rewoundRunSpan(instance, trace, trace.rewoundAt);
  const { value: span, honoured } = withForcedSpanIds({ traceId: recorded.traceId, spanId: recorded.spanId }, () =>
    durableTracer().startSpan(
      `orchestration ${instance.name}`,
      { kind: SpanKind.CONSUMER, startTime: Date.parse(trace.startedAt ?? ''), attributes: instanceAttributes(instance.name, instance.instanceId, instance.executionId) },
      contextWithParent(ROOT_CONTEXT, trace.parentTraceContext),
    ),
  );
  span.setAttribute(SpanAttributes.reissued, honoured ? 'same-id' : recorded.spanId);
  return span;
}

/**
 * A rewound execution's instance span ended when it failed, so its second run cannot end it again
 * (nor re-emit it: that would be one span id twice): the run from the rewind to the new end is a
 * child span of it, with `durable.orchestration.rewound`. The steps of that run stay children of
 * the original instance span, whose context they were given.
 */
function rewoundRunSpan(instance: InstanceRecord, trace: InstanceTrace, rewoundAt: string): Span {
  return durableTracer().startSpan(
    `orchestration ${instance.name}`,
    {
      kind: SpanKind.INTERNAL,
      startTime: Date.parse(rewoundAt),
      attributes: { ...instanceAttributes(instance.name, instance.instanceId, instance.executionId), [SpanAttributes.rewound]: true },
    },
    contextWithParent(ROOT_CONTEXT, trace.spanContext),
  );
}

function instanceAttributes(name: string, instanceId: string, executionId: string): Attributes {
  return { [SpanAttributes.orchestrationName]: name, [SpanAttributes.instanceId]: instanceId, [SpanAttributes.executionId]: executionId };
}

function taskIdOf(event: HistoryEvent): Attributes {
  return 'taskScheduledId' in event ? { [SpanAttributes.taskId]: event.taskScheduledId } : {};
}

function markFailed(span: Span, failure: FailureDetails): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  span.setAttribute('error.type', failure.errorType);
}

function keyOf(instanceId: string, executionId: string): string {
  return `${instanceId}\n${executionId}`;
}
