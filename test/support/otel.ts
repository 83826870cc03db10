import type { DataPoint, Histogram, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { registerSampleTelemetry } from '../../samples/telemetry/register-telemetry';

/** The OpenTelemetry SDK as the telemetry sample registers it (in-memory exporters), with readers for assertions. */
export interface TestTelemetry {
  readonly spans: InMemorySpanExporter;
  /** A counter's totals keyed by the given attributes' values (joined with '/'). */
  counter(name: string, ...attributes: string[]): Promise<Record<string, number>>;
  /** How many values a histogram recorded, keyed by the given attributes' values. */
  histogramCount(name: string, ...attributes: string[]): Promise<Record<string, number>>;
  /** A gauge's last observed values keyed by the given attributes' values. */
  gauge(name: string, ...attributes: string[]): Promise<Record<string, number>>;
  shutdown(): Promise<void>;
}

/** Registers global tracer and meter providers (before the host is made: metrics bind then) and a context manager. */
export function registerTestTelemetry(): TestTelemetry {
  const sample = registerSampleTelemetry();
  const byAttributes = async (name: string, attributes: string[], value: (point: DataPoint<unknown>) => number): Promise<Record<string, number>> => {
    // Cumulative temporality: the latest export holds the totals so far.
    await sample.flushMetrics();
    const latest = sample.metrics.getMetrics().at(-1);
    const out: Record<string, number> = {};
    for (const point of latest === undefined ? [] : pointsOf(latest, name)) out[attributes.map((a) => String(point.attributes[a])).join('/')] = value(point);
    return out;
  };
  return {
    spans: sample.spans,
    counter: (name, ...attributes) => byAttributes(name, attributes, (p) => p.value as number),
    histogramCount: (name, ...attributes) => byAttributes(name, attributes, (p) => (p.value as Histogram).count),
    gauge: (name, ...attributes) => byAttributes(name, attributes, (p) => p.value as number),
    shutdown: () => sample.shutdown(),
  };
}

function pointsOf(resourceMetrics: ResourceMetrics, name: string): DataPoint<unknown>[] {
  return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as DataPoint<unknown>[]));
}

/** The finished spans whose name starts with `prefix`, in the order they were exported. */
export function spansNamed(spans: InMemorySpanExporter, prefix: string): ReadableSpan[] {
  return spans.getFinishedSpans().filter((s) => s.name.startsWith(prefix));
}
