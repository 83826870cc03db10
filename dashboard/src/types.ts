/** The shapes the dashboard reads: the durabletask API's views and the dashboard routes'. */

export const RUNTIME_STATUSES = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Suspended'] as const;
export type RuntimeStatus = (typeof RUNTIME_STATUSES)[number];

export interface FailureDetails {
  readonly errorType: string;
  readonly message: string;
  readonly stackTrace?: string;
  readonly innerFailure?: FailureDetails;
}

export interface InstanceStatus {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input: unknown;
  readonly customStatus: unknown;
  readonly output: unknown;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly historyEvents: readonly Readonly<Record<string, unknown>>[] | null;
  readonly failureDetails?: FailureDetails;
}

export type SpanKind = 'activity' | 'sub-orchestration' | 'timer' | 'event' | 'entity' | 'execution';

export interface TimelineSpan {
  readonly kind: SpanKind;
  readonly name: string;
  readonly start: string;
  readonly end?: string;
  readonly outcome: 'completed' | 'failed' | 'open';
  readonly attempt: number;
  readonly instanceId?: string;
  readonly failure?: string;
  readonly fireAt?: string;
}

export interface InstanceRef {
  readonly instanceId: string;
  readonly name: string;
}

export interface Timeline {
  readonly spans: readonly TimelineSpan[];
  readonly parent?: InstanceRef;
  readonly children: readonly InstanceRef[];
}

export interface EntityStatus {
  readonly entityId: { readonly name: string; readonly key: string };
  readonly lastOperationTime: string;
  readonly state?: unknown;
}
