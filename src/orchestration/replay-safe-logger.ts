import type { LogLevel } from '../model/log-event';
import type { Logger } from '../model/logger';
import { orchestrationLogs } from './orchestration-logs';

/** What orchestrator code logs through: lines are written only when not replaying. */
export interface ReplaySafeLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Wraps a logger so that orchestrator log lines are not repeated on every replay. */
export function createReplaySafeLogger(
  logger: Logger,
  isReplaying: () => boolean,
  baseFields: { readonly instanceId: string },
): ReplaySafeLogger {
  const write =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (isReplaying()) return;
      orchestrationLogs.appLogWritten(logger, level, { ...fields, ...baseFields, replaying: false }, message);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
