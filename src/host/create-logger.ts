import pino, { type Logger as PinoLogger } from 'pino';
import type { Logger } from '../model/logger';

/**
 * The host's structured logger: JSON lines on stderr (stdout stays the app's), level from
 * `DURABLE_LOG_LEVEL` (or `LOG_LEVEL`), else `configuredLevel` (host.json `logging.logLevel.default`),
 * else `info`.
 */
export function createDefaultLogger(env: Readonly<Record<string, string | undefined>> = process.env, configuredLevel?: string): PinoLogger {
  const level = env.DURABLE_LOG_LEVEL ?? env.LOG_LEVEL ?? configuredLevel ?? 'info';
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: false }));
}

export type { PinoLogger };

/** Adds the hub name to every line when the logger supports child loggers (pino does). */
export function withHubField(logger: Logger, hubName: string): Logger {
  const child = (logger as Partial<Pick<PinoLogger, 'child'>>).child;
  return typeof child === 'function' ? (child.call(logger, { hub: hubName }) as Logger) : logger;
}

/**
 * Where tracking events go. With host.json's DurableTask category set and a pino logger: a child
 * logger whose own level turns them on (category `Information` or more verbose) or off (`Warning`
 * and above), whatever the root level. Otherwise the logger itself (they are written at `debug`).
 */
export function trackingLogger(logger: Logger, durableTaskLevel: string | undefined): Logger {
  if (durableTaskLevel === undefined) return logger;
  const child = (logger as Partial<Pick<PinoLogger, 'child'>>).child;
  if (typeof child !== 'function') return logger;
  const on = ['trace', 'debug', 'info'].includes(durableTaskLevel);
  return child.call(logger, {}, { level: on ? (durableTaskLevel === 'trace' ? 'trace' : 'debug') : 'silent' }) as Logger;
}
