import type { Logger } from '../model/logger';

/** The worker's log events: every line has a stable `event` field; call sites never format text. */
export const workerLogs = {
  episodeCommitted(log: Logger, f: { instanceId: string; name: string; status: string; newEvents: number; actions: number; fromCache: boolean }): void {
    log.debug({ event: 'orchestration.episode', ...f }, 'orchestration episode committed');
  },
  orchestrationFinished(log: Logger, f: { instanceId: string; name: string; status: string; message?: string }): void {
    log.info({ event: 'orchestration.finished', ...f }, `orchestration ${f.status.toLowerCase()}`);
  },
  leaseLost(log: Logger, f: { instanceId: string; owner: string }): void {
    log.warn({ event: 'orchestration.lease_lost', ...f }, 'lease lost before commit; episode discarded');
  },
  episodeCrashed(log: Logger, f: { instanceId: string; error: unknown }): void {
    log.error({ event: 'orchestration.episode_error', instanceId: f.instanceId, err: f.error }, 'episode failed unexpectedly; retrying later');
  },
  replayVerificationFailed(log: Logger, f: { instanceId: string; name: string; step: number; message: string }): void {
    log.error({ event: 'orchestration.replay_verification_failed', ...f }, 'a replay of the episode from history did not match the run; failing the instance');
  },
  poisonWorkItem(log: Logger, f: { kind: string; instanceId: string; name: string; dequeueCount: number }): void {
    log.error({ event: 'work_item.poison', ...f }, 'work item claimed too many times; failing it');
  },
  activityFailed(log: Logger, f: { instanceId: string; name: string; taskId: number; errorType: string; message: string }): void {
    log.warn({ event: 'activity.failed', ...f }, 'activity threw');
  },
  activityTimedOut(log: Logger, f: { instanceId: string; name: string; taskId: number; timeoutMs: number }): void {
    log.warn({ event: 'activity.timed_out', ...f }, 'activity ran past functionTimeout; its task fails and a late result is discarded');
  },
  entitySignalFailed(log: Logger, f: { entityId: string; operation: string; errorType: string; message: string }): void {
    // A signal has no caller to answer: without this line its failure would leave no trace.
    log.warn({ event: 'entity.signal_failed', ...f }, 'a signalled entity operation threw; its state changes were rolled back');
  },
  dispatcherError(log: Logger, f: { kind: string; error: unknown }): void {
    log.error({ event: 'dispatcher.error', kind: f.kind, err: f.error }, 'dispatcher step failed; backing off');
  },
  completionFlushFailed(log: Logger, f: { count: number; error: unknown }): void {
    log.error({ event: 'activity.results_not_saved', count: f.count, err: f.error }, 'activity results not saved; they will run again after their lease ends');
  },
  storageReadOnly(log: Logger, f: { reason: string; error: unknown }): void {
    log.error(
      { event: 'storage.read_only', reason: f.reason, err: f.error },
      'storage no longer accepts writes (read-only file or database); the host is unhealthy and stops claiming work until a write succeeds',
    );
  },
  storageWritable(log: Logger, f: { readOnlyForMs: number }): void {
    log.info({ event: 'storage.writable', ...f }, 'storage accepts writes again; claiming work');
  },
  registrationFailed(log: Logger, f: { owner: string; error: unknown }): void {
    log.warn({ event: 'worker.registration_failed', owner: f.owner, err: f.error }, 'could not register the worker; trying again on the next lease renewal');
  },
  goneWorkersReclaimed(log: Logger, f: { owner: string; gone: number }): void {
    log.info({ event: 'worker.gone_workers_reclaimed', owner: f.owner, gone: f.gone }, 'took over the leases of workers whose process is gone');
  },
  completionFlushRetried(log: Logger, f: { count: number; delayMs: number; error: unknown }): void {
    log.warn({ event: 'activity.results_save_retried', count: f.count, delayMs: f.delayMs, err: f.error }, 'storage unavailable; saving activity results again after a wait');
  },
};
