import { TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DurableIdGenerator, withForcedSpanIds } from '../../../src/telemetry/durable-id-generator';
import { fromTraceContext, toTraceContext } from '../../../src/telemetry/traceparent';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('stored trace context', () => {
  it('round-trips a sampled span context as a W3C traceparent', () => {
    const stored = toTraceContext({ traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED });
    expect(stored).toEqual({ traceparent: `00-${TRACE}-${SPAN}-01` });
    expect(fromTraceContext(stored)).toEqual({ traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  });

  it('stores nothing for the invalid context of a no-op span', () => {
    expect(toTraceContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: TraceFlags.NONE })).toBeUndefined();
  });

  it('reads no parent from a malformed or all-zero traceparent', () => {
    expect(fromTraceContext(undefined)).toBeUndefined();
    expect(fromTraceContext({ traceparent: 'garbage' })).toBeUndefined();
    expect(fromTraceContext({ traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` })).toBeUndefined();
    expect(fromTraceContext({ traceparent: `00-${TRACE.toUpperCase()}-${SPAN}-01` })).toBeUndefined();
  });
});

describe('DurableIdGenerator', () => {
  const generator = new DurableIdGenerator();

  it('generates random ids of the right length', () => {
    expect(generator.generateTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(generator.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
    expect(generator.generateSpanId()).not.toBe(generator.generateSpanId());
  });

  it('hands out the forced ids only inside withForcedSpanIds, and says whether they were taken', () => {
    const taken = withForcedSpanIds({ traceId: TRACE, spanId: SPAN }, () => [generator.generateTraceId(), generator.generateSpanId()]);
    expect(taken).toEqual({ value: [TRACE, SPAN], honoured: true });
    expect(withForcedSpanIds({ traceId: TRACE, spanId: SPAN }, () => 'no span started').honoured).toBe(false);
    expect(generator.generateSpanId()).not.toBe(SPAN);
  });
});
