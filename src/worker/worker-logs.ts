import { logEvent } from '../model/log-event';

/** The worker's log events: every line has a stable `event` field; call sites never format text. */
export const workerLogs = {
  episodeCommitted: logEvent<{ instanceId: string; name: string; status: string; newEvents: number; actions: number; fromCache: boolean }>({
    name: 'orchestration.episode.committed',
    level: 'debug',
    meaning: 'orchestration episode committed',
    fields: { instanceId: 'string', name: 'string', status: 'string', newEvents: 'number', actions: 'number', fromCache: 'boolean' },
  }),
  orchestrationFinished: logEvent<{ instanceId: string; name: string; status: string; message?: string }>({
    name: 'orchestration.instance.finished',
    level: 'info',
    meaning: 'orchestration reached a terminal status (Completed, Failed, Terminated)',
    fields: { instanceId: 'string', name: 'string', status: 'string', message: 'string' },
    message: (f) => `orchestration ${f.status.toLowerCase()}`,
  }),
  leaseLost: logEvent<{ instanceId: string; owner: string }>({
    name: 'orchestration.lease.lost',
    level: 'warn',
    meaning: 'lease lost before commit; episode discarded (another worker owns the instance now)',
    fields: { instanceId: 'string', owner: 'string' },
  }),
  episodeCrashed: logEvent<{ instanceId: string; error: unknown }>({
    name: 'orchestration.episode.crashed',
    level: 'error',
    meaning: 'episode failed unexpectedly; its work item is released and retried later',
    fields: { instanceId: 'string', error: 'error' },
  }),
  localEpisodeRefused: logEvent<{ instanceId: string; results: number }>({
    name: 'orchestration.local-episode.refused',
    level: 'debug',
    meaning: "an episode run on this worker's own activity results found the instance leased or moved on; the results go through the queue",
    fields: { instanceId: 'string', results: 'number' },
  }),
  localEpisodesFailed: logEvent<{ count: number; error: unknown }>({
    name: 'orchestration.local-episodes.failed',
    level: 'warn',
    meaning: "episodes run with this worker's own activity results could not commit; the results go through the queue instead",
    fields: { count: 'number', error: 'error' },
  }),
  eagerStartsFailed: logEvent<{ count: number; error: unknown }>({
    name: 'orchestration.eager-starts.failed',
    level: 'warn',
    meaning: 'the first episodes of instances started leased to this worker could not commit; they are claimed again once their leases run out',
    fields: { count: 'number', error: 'error' },
  }),
  replayVerificationFailed: logEvent<{ instanceId: string; name: string; step: number; message: string }>({
    name: 'orchestration.replay-verification.failed',
    level: 'error',
    meaning: 'a replay of the episode from history did not match the run; failing the instance',
    fields: { instanceId: 'string', name: 'string', step: 'number', message: 'string' },
  }),
  poisonWorkItem: logEvent<{ kind: string; instanceId: string; name: string; dequeueCount: number }>({
    name: 'worker.work-item.poisoned',
    level: 'error',
    meaning: 'work item claimed too many times (maxDequeueCount); failing it',
    fields: { kind: 'string', instanceId: 'string', name: 'string', dequeueCount: 'number' },
  }),
  activityFailed: logEvent<{ instanceId: string; name: string; taskId: number; error: unknown }>({
    name: 'activity.task.failed',
    level: 'warn',
    meaning: 'activity threw; its orchestration sees a TaskFailedError',
    fields: { instanceId: 'string', name: 'string', taskId: 'number', error: 'error' },
  }),
  activityTimedOut: logEvent<{ instanceId: string; name: string; taskId: number; timeoutMs: number }>({
    name: 'activity.task.timed-out',
    level: 'warn',
    meaning: 'activity ran past functionTimeout; its task fails and a late result is discarded',
    fields: { instanceId: 'string', name: 'string', taskId: 'number', timeoutMs: 'number' },
  }),
  entitySignalFailed: logEvent<{ entityId: string; operation: string; error: unknown }>({
    // A signal has no caller to answer: without this line its failure would leave no trace.
    name: 'entity.signal.failed',
    level: 'warn',
    meaning: 'a signalled entity operation threw; its state changes were rolled back',
    fields: { entityId: 'string', operation: 'string', error: 'error' },
  }),
  dispatcherError: logEvent<{ kind: string; error: unknown }>({
    name: 'worker.dispatcher.failed',
    level: 'error',
    meaning: 'a dispatcher step failed; the loop backs off (doubling up to maxQueuePollingInterval) and tries again',
    fields: { kind: 'string', error: 'error' },
  }),
  completionFlushFailed: logEvent<{ count: number; error: unknown }>({
    name: 'activity.results.dropped',
    level: 'error',
    meaning: 'activity results not saved; they will run again after their lease ends',
    fields: { count: 'number', error: 'error' },
  }),
  completionFlushRetried: logEvent<{ count: number; delayMs: number; error: unknown }>({
    name: 'activity.results.retried',
    level: 'warn',
    meaning: 'storage unavailable; saving activity results again after a wait',
    fields: { count: 'number', delayMs: 'number', error: 'error' },
  }),
  storageReadOnly: logEvent<{ reason: string; error: unknown }>({
    name: 'storage.writes.refused',
    level: 'error',
    meaning: 'storage no longer accepts writes (read-only file or database); the host is unhealthy and stops claiming work until a write succeeds',
    fields: { reason: 'string', error: 'error' },
  }),
  storageWritable: logEvent<{ readOnlyForMs: number }>({
    name: 'storage.writes.restored',
    level: 'info',
    meaning: 'storage accepts writes again; claiming work',
    fields: { readOnlyForMs: 'number' },
  }),
  registrationFailed: logEvent<{ owner: string; error: unknown }>({
    name: 'worker.registration.failed',
    level: 'warn',
    meaning: 'could not register the worker; trying again on the next lease renewal',
    fields: { owner: 'string', error: 'error' },
  }),
  unregistrationFailed: logEvent<{ owner: string; error: unknown }>({
    name: 'worker.unregistration.failed',
    level: 'warn',
    meaning: 'could not remove the worker from the worker list at stop; the next worker that finds it gone forgets it',
    fields: { owner: 'string', error: 'error' },
  }),
  goneWorkersReclaimed: logEvent<{ owner: string; gone: number }>({
    name: 'worker.gone-workers.reclaimed',
    level: 'info',
    meaning: 'took over the leases of workers whose process is gone',
    fields: { owner: 'string', gone: 'number' },
  }),
  leaseRenewalFailed: logEvent<{ owner: string; activities: number; orchestrations: number; retryInMs: number; error: unknown }>({
    name: 'worker.lease-renewal.failed',
    level: 'warn',
    meaning: 'renewing the leases of work in progress failed; tried again on the next tick (a lease that runs out is caught by fencing at commit)',
    fields: { owner: 'string', activities: 'number', orchestrations: 'number', retryInMs: 'number', error: 'error' },
  }),
};
