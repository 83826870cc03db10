import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DurableIdGenerator } from 'durable-ts';

/** The OpenTelemetry SDK as an app wires it (here with in-memory exporters, to print what was recorded). */
export interface SampleTelemetry {
  readonly spans: InMemorySpanExporter;
  readonly metrics: InMemoryMetricExporter;
  /** Exports the metrics collected so far into `metrics`. */
  flushMetrics(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Registers the SDK globally. Do it before creating the durable host: the framework takes its
 * meter when the host is made. In production, swap the in-memory exporters for OTLP ones
 * (@opentelemetry/exporter-trace-otlp-http, exporter-metrics-otlp-http) and a BatchSpanProcessor.
 */
export function registerSampleTelemetry(): SampleTelemetry {
  const spans = new InMemorySpanExporter();
  // DurableIdGenerator: an instance span finished by another process (after a restart) keeps the
  // id its activity spans name as parent.
  const tracerProvider = new BasicTracerProvider({ idGenerator: new DurableIdGenerator(), spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    metrics: metricExporter,
    flushMetrics: () => reader.forceFlush(),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}
