import type { Logger } from 'durable-ts';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A Logger that keeps every line, for tests that check a log event was written (once). */
export function recordingLogger(): Logger & { readonly lines: LogLine[]; events(name: string): LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (fields: Record<string, unknown>, message: string): void => {
    lines.push({ level, fields, message });
  };
  return {
    lines,
    events: (name) => lines.filter((l) => l.fields.event === name),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
