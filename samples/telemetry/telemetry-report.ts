import type { InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The spans of one trace as an indented tree, children in start order, with their durations. */
export function spanTree(spans: readonly ReadableSpan[], traceId: string): string[] {
  const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
  const ids = new Set(inTrace.map((s) => s.spanContext().spanId));
  const childrenOf = (parentId: string | undefined): ReadableSpan[] =>
    inTrace
      .filter((s) => {
        const parent = s.parentSpanContext?.spanId;
        return parentId === undefined ? parent === undefined || !ids.has(parent) : parent === parentId;
      })
      .sort((a, b) => millis(a.startTime) - millis(b.startTime));
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number): void => {
    const ms = (millis(span.endTime) - millis(span.startTime)).toFixed(1);
    lines.push(`${'  '.repeat(depth)}${span.name} (${ms} ms)`);
    for (const child of childrenOf(span.spanContext().spanId)) walk(child, depth + 1);
  };
  for (const root of childrenOf(undefined)) walk(root, 0);
  return lines;
}

/** Every metric data point exported so far, one line each: `name{attributes} value`. */
export function metricLines(exporter: InMemoryMetricExporter): string[] {
  const latest = exporter.getMetrics().at(-1);
  if (latest === undefined) return [];
  return latest.scopeMetrics.flatMap((scope) =>
    scope.metrics.flatMap((metric) =>
      metric.dataPoints.map((point) => {
        const attributes = Object.entries(point.attributes).map(([k, v]) => `${k}=${String(v)}`).join(',');
        const value = typeof point.value === 'number' ? point.value : `count=${(point.value as { count: number }).count}`;
        return `${metric.descriptor.name}{${attributes}} ${value}`;
      }),
    ),
  );
}

function millis([seconds, nanos]: readonly [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
