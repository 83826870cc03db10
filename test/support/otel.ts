import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint, type Histogram, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DurableIdGenerator } from 'durable-ts';

/** A reader the test collects from when it wants (cumulative, so totals are compared). */
class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** The OpenTelemetry SDK as an app would register it, with in-memory exporters. */
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
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ idGenerator: new DurableIdGenerator(), spanProcessors: [new SimpleSpanProcessor(spans)] });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);

  const points = async (name: string): Promise<DataPoint<unknown>[]> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    return pointsOf(resourceMetrics, name);
  };
  const byAttributes = async (name: string, attributes: string[], value: (point: DataPoint<unknown>) => number): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const point of await points(name)) out[attributes.map((a) => String(point.attributes[a])).join('/')] = value(point);
    return out;
  };
  return {
    spans,
    counter: (name, ...attributes) => byAttributes(name, attributes, (p) => p.value as number),
    histogramCount: (name, ...attributes) => byAttributes(name, attributes, (p) => (p.value as Histogram).count),
    gauge: (name, ...attributes) => byAttributes(name, attributes, (p) => p.value as number),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

function pointsOf(resourceMetrics: ResourceMetrics, name: string): DataPoint<unknown>[] {
  return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as DataPoint<unknown>[]));
}

/** The finished spans whose name starts with `prefix`, in the order they were exported. */
export function spansNamed(spans: InMemorySpanExporter, prefix: string): ReadableSpan[] {
  return spans.getFinishedSpans().filter((s) => s.name.startsWith(prefix));
}
