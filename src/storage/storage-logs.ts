import { logEvent } from '../model/log-event';

/** The storage providers' log events (the host passes its logger through the provider options). */
export const storageLogs = {
  connectionLost: logEvent<{ connection: string; attempt: number; retryInMs: number; fallback: string; error: unknown }>({
    name: 'storage.connection.lost',
    level: 'warn',
    meaning: 'a dedicated PostgreSQL connection (LISTEN, or the worker lock) broke or could not be re-opened; reconnecting after a wait that doubles',
    fields: { connection: 'string', attempt: 'number', retryInMs: 'number', fallback: 'string', error: 'error' },
    message: (f) => `PostgreSQL ${f.connection} connection lost; reconnect attempt ${f.attempt} in ${f.retryInMs} ms; meanwhile ${f.fallback}`,
  }),
  connectionRestored: logEvent<{ connection: string; attempts: number }>({
    name: 'storage.connection.restored',
    level: 'info',
    meaning: 'a dedicated PostgreSQL connection was re-opened and set up again',
    fields: { connection: 'string', attempts: 'number' },
  }),
  notifyFailed: logEvent<{ operation: string; error: unknown }>({
    name: 'storage.notification.failed',
    level: 'warn',
    meaning: 'a committed write could not NOTIFY other processes; they find the work when they next poll (maxQueuePollingInterval)',
    fields: { operation: 'string', error: 'error' },
  }),
  idleConnectionDropped: logEvent<{ error: unknown }>({
    name: 'storage.idle-connection.dropped',
    level: 'debug',
    meaning: 'an idle pooled PostgreSQL connection broke; the pool drops it and the next query opens a new one',
    fields: { error: 'error' },
  }),
  rollbackFailed: logEvent<{ operation: string; error: unknown }>({
    name: 'storage.rollback.failed',
    level: 'debug',
    meaning: 'ROLLBACK after a failed transaction did not go through; the connection is discarded, which rolls back on the server',
    fields: { operation: 'string', error: 'error' },
  }),
  relistFailed: logEvent<{ owner: string; error: unknown }>({
    name: 'storage.worker-relist.failed',
    level: 'warn',
    meaning: "writing the worker's row again after its lock connection came back failed; the next lease-renewal tick writes it",
    fields: { owner: 'string', error: 'error' },
  }),
  changeListenerFailed: logEvent<{ kind: string; error: unknown }>({
    name: 'storage.change-listener.failed',
    level: 'warn',
    meaning: 'an in-process change listener threw; storage had already committed and the other listeners still ran',
    fields: { kind: 'string', error: 'error' },
  }),
};
