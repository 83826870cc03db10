import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { TraceContext } from '../model/trace-context';
import { durableTracer, SpanAttributes } from './durable-tracer';
import { toTraceContext } from './traceparent';

/**
 * Runs a client's start of an orchestration inside a producer span (a child of the caller's
 * active span, if any). `start` receives the span's context to store with ExecutionStarted, or
 * undefined when no SDK records the span (then nothing is stored).
 */
export async function withStartSpan<T>(name: string, instanceId: string, start: (traceContext: TraceContext | undefined) => Promise<T>): Promise<T> {
  const span = durableTracer().startSpan(
    `start_orchestration ${name}`,
    { kind: SpanKind.PRODUCER, attributes: { [SpanAttributes.orchestrationName]: name, [SpanAttributes.instanceId]: instanceId } },
    context.active(),
  );
  try {
    return await start(span.isRecording() ? toTraceContext(span.spanContext()) : undefined);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
