import type { ReplayVerificationMode } from './replay-verifier';
import type { TrackingSettings } from './tracking';

/** How a worker runs; the host fills it from HostConfig. */
export interface WorkerSettings {
  /** Unique id of this worker (the lease owner). */
  readonly owner: string;
  readonly maxConcurrentOrchestrations: number;
  readonly maxConcurrentActivities: number;
  readonly leaseMs: number;
  readonly maxPollingIntervalMs: number;
  /** Claims of one work item before it is treated as poison and failed. */
  readonly maxDequeueCount: number;
  readonly extendedSessionsEnabled: boolean;
  /**
   * Whether episodes lease their new activities to this worker when it has room (no claim), and a
   * result goes straight into its cached instance's next episode (one commit, no inbox message).
   */
  readonly localActivityDispatch: boolean;
  /**
   * Activities an episode may lease to this worker beyond its free slots (with localActivityDispatch):
   * they wait in memory, leases renewed, and start as slots free; the rest are queued for any worker.
   */
  readonly localActivityBacklog: number;
  /** Whether the client of this process starts instances leased to this worker, which runs their first episode without a claim. */
  readonly eagerStart: boolean;
  readonly maxCachedInstances: number;
  readonly cacheIdleTimeoutMs: number;
  /** How long `stop` waits for running activities before releasing them to other workers. */
  readonly drainTimeoutMs: number;
  /** Whether cached episodes are also replayed from history and compared (see ReplayVerifier). */
  readonly replayVerification: ReplayVerificationMode;
  readonly replayVerificationSampleRate: number;
  /** host.json `functionTimeout`: the longest an activity runs before its task fails; null for no limit. */
  readonly activityTimeoutMs: number | null;
  /**
   * Largest payload (JSON bytes) a worker stores from user code: activity results, orchestrator
   * outputs, activity and sub-orchestration inputs, entity state; larger ones fail with
   * PayloadTooLargeError where they are made. Absent: no limit.
   */
  readonly maxPayloadBytes?: number;
  /** Operations one entity runs in one batch (one commit). */
  readonly maxEntityOperationBatchSize: number;
  /** Where tracking events go and what they carry; none when absent. */
  readonly tracking?: TrackingSettings;
}
