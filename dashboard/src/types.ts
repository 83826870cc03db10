/**
 * The shapes the dashboard reads, taken from the server's own definitions (type-only, except the
 * status list), so the page and the routes cannot drift apart.
 */
export { RUNTIME_STATUSES, type RuntimeStatus } from '../../src/model/runtime-status';
export type { StatusResponsePayload as InstanceStatus } from '../../src/http/status-response';
export type { Timeline, TimelineSpan, TimelineSpanKind as SpanKind } from '../../src/http/dashboard/timeline';

/** One entity of `GET …/entities?fetchState=true` and of `GET /dashboard/api/entities/{name}/{key}`. */
export interface EntityStatus {
  readonly entityId: { readonly name: string; readonly key: string };
  readonly lastOperationTime: string;
  readonly state?: unknown;
}

/** An instance the timeline links to: its parent or a child. */
export type InstanceRef = { readonly instanceId: string; readonly name: string };
