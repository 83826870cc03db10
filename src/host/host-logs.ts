import type { Logger } from '../model/logger';

/** The host's log events (stable `event` fields). */
export const hostLogs = {
  started(log: Logger, f: { hub: string; storage: string; workerId: string; functions: number; config: object }): void {
    log.info({ event: 'host.started', ...f }, 'durable host started');
  },
  stopping(log: Logger, f: { hub: string }): void {
    log.info({ event: 'host.stopping', ...f }, 'durable host stopping: finishing in-flight work');
  },
  stopped(log: Logger, f: { hub: string }): void {
    log.info({ event: 'host.stopped', ...f }, 'durable host stopped');
  },
};
