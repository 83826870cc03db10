import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { HTTP_ACTIVITY_NAME } from '../../../src/orchestration/durable-http';
import { stepSpanShape } from '../../../src/worker/step-span-shape';

const at = '2026-01-01T00:00:00.000Z';

describe('the span of a finished step', () => {
  it('names a durable HTTP request by method, with the URL but not its query or headers', () => {
    const input = JSON.stringify({ method: 'post', url: 'https://api.example.test/orders/7?token=secret', headers: { Authorization: 'Bearer secret' }, timeoutMs: 1000 });
    const shape = stepSpanShape({ kind: 'activity', name: HTTP_ACTIVITY_NAME, scheduledAt: at, input });
    expect(shape).toEqual({
      name: 'http POST',
      kind: SpanKind.CLIENT,
      attributes: { 'durable.activity.name': HTTP_ACTIVITY_NAME, 'http.request.method': 'POST', 'url.full': 'https://api.example.test/orders/7' },
    });
    expect(JSON.stringify(shape)).not.toContain('secret');
  });

  it('falls back to an activity span for an HTTP input it cannot read', () => {
    for (const input of [undefined, 'not json', '{"method":"GET"}', '{"method":"GET","url":"not a url"}']) {
      expect(stepSpanShape({ kind: 'activity', name: HTTP_ACTIVITY_NAME, scheduledAt: at, ...(input !== undefined ? { input } : {}) }).name).toBe(`activity ${HTTP_ACTIVITY_NAME}`);
    }
  });

  it('names activities and entity calls', () => {
    expect(stepSpanShape({ kind: 'activity', name: 'E1_SayHello', scheduledAt: at })).toEqual({ name: 'activity E1_SayHello', kind: SpanKind.INTERNAL, attributes: { 'durable.activity.name': 'E1_SayHello' } });
    expect(stepSpanShape({ kind: 'entity', name: 'add', scheduledAt: at, target: '@counter@a' })).toEqual({
      name: 'entity_operation add',
      kind: SpanKind.CLIENT,
      attributes: { 'durable.entity.id': '@counter@a', 'durable.entity.operation': 'add' },
    });
  });
});
