/**
 * A W3C trace context (https://www.w3.org/TR/trace-context/) as stored in history, so a trace
 * survives restarts and crosses processes: `traceparent` is `00-<trace id>-<span id>-<flags>`.
 * Stored only when an OpenTelemetry SDK recorded the span it names; absent otherwise.
 */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}
