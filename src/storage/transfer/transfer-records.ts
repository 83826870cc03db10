/**
 * One instance (an orchestration or an entity) with every row of it a store keeps, as stored:
 * payloads and history events are the stored JSON text, copied verbatim, so a moved instance is
 * byte-for-byte the instance it was. Leases are not part of it: on the target nobody holds them.
 * Absent values are null (not undefined), so the record survives a JSON round trip unchanged.
 */
export interface TransferInstance {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly version: string | null;
  readonly runtimeStatus: string;
  readonly input: string | null;
  readonly output: string | null;
  readonly failureDetails: string | null;
  readonly customStatus: string | null;
  readonly entityState: string | null;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly completedAt: number | null;
  readonly historyLength: number;
  /** The current execution's history events, in order (stored JSON text). */
  readonly history: readonly string[];
  /** Waiting inbox messages in enqueue order: events, timers (visibleAt in the future) and client messages. */
  readonly messages: readonly TransferMessage[];
  /** Activity work items not yet completed, in creation order. */
  readonly activities: readonly TransferActivity[];
}

export interface TransferMessage {
  readonly event: string;
  readonly visibleAt: number;
  readonly dequeueCount: number;
}

export interface TransferActivity {
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input: string | null;
  readonly visibleAt: number;
  readonly dequeueCount: number;
}

/** What writing one instance into a store did. */
export type TransferWriteOutcome =
  /** The instance was not there: written. */
  | 'imported'
  /** The same instance (same checksum) was there already: nothing written (a resumed import). */
  | 'identical'
  /** A different instance with that id was there: nothing written. */
  | 'conflict'
  /** A different instance was there and `replace` was asked: replaced. */
  | 'replaced';

/** Row counts of a hub (or of an export), for the totals `verify` compares. */
export interface TransferCounts {
  readonly instances: number;
  readonly historyEvents: number;
  readonly messages: number;
  readonly activities: number;
}
