import type { Clock } from '../model/clock';
import type { PendingWork } from '../storage/storage-records';
import type { StorageProvider } from '../storage/storage-provider';
import type { DurableWorker } from '../worker/durable-worker';
import type { StorageHealthState } from '../worker/storage-health';

/** One dispatch loop: when it last went round, and whether that is recent enough to call it alive. */
export interface LoopHealth {
  readonly alive: boolean;
  /** Milliseconds since the loop last went round; null before it started. */
  readonly lastTickAgeMs: number | null;
}

/** The hub's backlog as the health check read it. */
export interface BacklogHealth {
  readonly orchestrationMessages: number;
  readonly activityItems: number;
  /** How long the oldest due item has waited (ms); null when nothing is due. */
  readonly oldestPendingAgeMs: number | null;
}

/**
 * What DurableHost.health() and checkHealth() report. `live`: the process is worth keeping (its
 * dispatch loops go round; a liveness probe restarts it when false). `ready`: it can take work now
 * (running, loops alive, storage takes writes and — checkHealth only — answers a read). `healthy`
 * is `ready`, kept for existing callers.
 */
export interface HostHealth {
  readonly healthy: boolean;
  readonly live: boolean;
  readonly ready: boolean;
  readonly state: 'created' | 'running' | 'stopped';
  readonly storage: StorageHealthState & { readonly reachable?: boolean; readonly error?: string };
  readonly workerLoops: { readonly orchestration: LoopHealth; readonly activity: LoopHealth };
  /** checkHealth() only, when storage answered. */
  readonly backlog?: BacklogHealth;
}

/** How long checkHealth waits for storage to answer before calling it unreachable. */
export const HEALTH_STORAGE_TIMEOUT_MS = 5_000;
/** A loop is alive if it went round within this long (see loopStaleAfterMs). */
const MIN_LOOP_STALE_MS = 10_000;

/**
 * A loop goes round at least every maxQueuePollingInterval; one that has not for a lease
 * (and at least 3 polling intervals, at least 10 s) is stuck in a claim or commit that does not
 * return — by then the leases of its work are at risk.
 */
export function loopStaleAfterMs(leaseMs: number, maxPollingIntervalMs: number): number {
  return Math.max(leaseMs, 3 * maxPollingIntervalMs, MIN_LOOP_STALE_MS);
}

export interface HealthInputs {
  readonly state: HostHealth['state'];
  readonly worker: DurableWorker;
  readonly clock: Clock;
  readonly staleAfterMs: number;
}

/** The part of the health that needs no I/O: state, storage writability, loop ticks. */
export function currentHealth({ state, worker, clock, staleAfterMs }: HealthInputs): HostHealth {
  const now = clock.now();
  const loop = (lastTickAt: number | undefined): LoopHealth => {
    const age = lastTickAt === undefined ? null : Math.max(0, now - lastTickAt);
    return { alive: state !== 'running' || (age !== null && age <= staleAfterMs), lastTickAgeMs: age };
  };
  const workerLoops = { orchestration: loop(worker.orchestrations.loop.lastTickAt), activity: loop(worker.activities.loop.lastTickAt) };
  const storage = worker.health.state;
  const live = workerLoops.orchestration.alive && workerLoops.activity.alive;
  const ready = state === 'running' && live && storage.writable;
  return {
    healthy: ready,
    live,
    ready,
    state,
    storage: storage.writable ? { writable: true } : { writable: false, since: storage.since, reason: storage.reason },
    workerLoops,
  };
}

/** currentHealth plus one read of storage (reachable, backlog), bounded by HEALTH_STORAGE_TIMEOUT_MS. */
export async function checkedHealth(inputs: HealthInputs, storage: StorageProvider): Promise<HostHealth> {
  const base = currentHealth(inputs);
  const now = inputs.clock.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`storage did not answer within ${HEALTH_STORAGE_TIMEOUT_MS} ms`)), HEALTH_STORAGE_TIMEOUT_MS);
  });
  let pending: PendingWork;
  try {
    pending = await Promise.race([storage.pendingWork(now), timeout]);
  } catch (error) {
    // Reported in the answer (and the probe's status), which is where a health check's failure belongs.
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, healthy: false, ready: false, storage: { ...base.storage, reachable: false, error: message } };
  } finally {
    clearTimeout(timer);
  }
  const oldest = earliest(pending.orchestration.oldestVisibleAt, pending.activity.oldestVisibleAt);
  const backlog: BacklogHealth = {
    orchestrationMessages: pending.orchestration.pending,
    activityItems: pending.activity.pending,
    oldestPendingAgeMs: oldest === undefined ? null : Math.max(0, now - oldest),
  };
  return { ...base, storage: { ...base.storage, reachable: true }, backlog };
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
