import { SpanKind, type Attributes } from '@opentelemetry/api';
import { HTTP_ACTIVITY_NAME } from '../orchestration/durable-http';
import { SpanAttributes } from '../telemetry/durable-tracer';
import type { ScheduledStep } from './instance-trace';

/** Name, kind and attributes of the span of one finished step. */
export interface StepSpanShape {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
}

/**
 * Activities are `activity <name>`, entity calls `entity_operation <operation>`, durable HTTP
 * requests `http <METHOD>` (a client span, with the method and the URL without its query string:
 * queries and headers can hold secrets, and the span never carries payloads).
 */
export function stepSpanShape(step: ScheduledStep): StepSpanShape {
  if (step.kind === 'entity') {
    return {
      name: `entity_operation ${step.name}`,
      kind: SpanKind.CLIENT,
      attributes: { [SpanAttributes.entityId]: step.target ?? '', [SpanAttributes.entityOperation]: step.name },
    };
  }
  if (step.name === HTTP_ACTIVITY_NAME) {
    const request = httpRequestOf(step.input);
    if (request !== undefined) {
      return {
        name: `http ${request.method}`,
        kind: SpanKind.CLIENT,
        attributes: { [SpanAttributes.activityName]: step.name, 'http.request.method': request.method, 'url.full': request.url },
      };
    }
  }
  return { name: `activity ${step.name}`, kind: SpanKind.INTERNAL, attributes: { [SpanAttributes.activityName]: step.name } };
}

function httpRequestOf(input: string | undefined): { method: string; url: string } | undefined {
  try {
    const parsed: unknown = input === undefined ? undefined : JSON.parse(input);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { method, url } = parsed as { method?: unknown; url?: unknown };
    if (typeof method !== 'string' || typeof url !== 'string') return undefined;
    const target = new URL(url);
    return { method: method.toUpperCase(), url: `${target.origin}${target.pathname}` };
  } catch {
    // Not a request this span can describe (the activity itself reports a malformed one): a plain activity span.
    return undefined;
  }
}
