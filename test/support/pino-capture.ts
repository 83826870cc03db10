import pino, { type Level, type Logger as PinoLogger } from 'pino';

/** One JSON line as pino wrote it. */
export type CapturedLine = Record<string, unknown> & { readonly level: number; readonly msg: string };

const LEVELS: Record<Level, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * A real pino logger whose destination stream keeps every line (parsed), for tests that check what
 * reaches the output: the `err` serializer, levels and child-logger bindings included.
 */
export function pinoCapture(level: Level = 'debug'): { logger: PinoLogger; lines: CapturedLine[]; events(name: string): CapturedLine[]; at(level: Level): CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const logger = pino({ level, base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line) as CapturedLine) });
  return {
    logger,
    lines,
    events: (name) => lines.filter((l) => l['event'] === name),
    at: (wanted) => lines.filter((l) => l.level === LEVELS[wanted]),
  };
}
