import pino, { type Logger as PinoLogger } from 'pino';
import type { Logger } from '../model/logger';

/**
 * The host's structured logger: JSON lines on stderr (stdout stays the app's), level from
 * `DURABLE_LOG_LEVEL` (or `LOG_LEVEL`), default `info`.
 */
export function createDefaultLogger(env: Readonly<Record<string, string | undefined>> = process.env): PinoLogger {
  const level = env.DURABLE_LOG_LEVEL ?? env.LOG_LEVEL ?? 'info';
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: false }));
}

export type { PinoLogger };

/** Adds the hub name to every line when the logger supports child loggers (pino does). */
export function withHubField(logger: Logger, hubName: string): Logger {
  const child = (logger as Partial<Pick<PinoLogger, 'child'>>).child;
  return typeof child === 'function' ? (child.call(logger, { hub: hubName }) as Logger) : logger;
}
