import { isSpanContextValid, TraceFlags, trace, type Context, type SpanContext } from '@opentelemetry/api';
import type { TraceContext } from '../model/trace-context';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The stored form of a span's context; undefined for an invalid one (no SDK recorded it). */
export function toTraceContext(context: SpanContext): TraceContext | undefined {
  if (!isSpanContextValid(context)) return undefined;
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  const state = context.traceState?.serialize();
  return { traceparent: `00-${context.traceId}-${context.spanId}-${flags}`, ...(state ? { tracestate: state } : {}) };
}

/** The span context a stored trace context names, as a remote parent; undefined if malformed. */
export function fromTraceContext(stored: TraceContext | undefined): SpanContext | undefined {
  const match = stored === undefined ? null : TRACEPARENT.exec(stored.traceparent);
  if (match === null) return undefined;
  const context: SpanContext = { traceId: match[1] ?? '', spanId: match[2] ?? '', traceFlags: Number.parseInt(match[3] ?? '0', 16), isRemote: true };
  return isSpanContextValid(context) ? context : undefined;
}

/** `base` with the stored span as the active parent, or `base` itself when there is none. */
export function contextWithParent(base: Context, stored: TraceContext | undefined): Context {
  const parent = fromTraceContext(stored);
  return parent === undefined ? base : trace.setSpanContext(base, parent);
}
