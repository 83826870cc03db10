import { trace, type Tracer } from '@opentelemetry/api';

/** The instrumentation scope of every span and instrument the framework makes. */
export const INSTRUMENTATION_SCOPE = 'durable-ts';

/**
 * The framework's tracer. Taken from the global provider on every use (a cheap lookup): with no
 * SDK registered it is the API's no-op tracer, whose spans record nothing and cost next to nothing.
 */
export function durableTracer(): Tracer {
  return trace.getTracer(INSTRUMENTATION_SCOPE);
}

/** Span attribute names (the `durable.` namespace is the framework's own). */
export const SpanAttributes = {
  instanceId: 'durable.instance.id',
  executionId: 'durable.execution.id',
  orchestrationName: 'durable.orchestration.name',
  runtimeStatus: 'durable.orchestration.status',
  activityName: 'durable.activity.name',
  taskId: 'durable.task.id',
  entityId: 'durable.entity.id',
  entityOperation: 'durable.entity.operation',
  reissued: 'durable.span.reissued',
  rewound: 'durable.orchestration.rewound',
  episodeIndex: 'durable.episode.index',
} as const;
