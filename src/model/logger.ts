/** The logging surface the pure layers need; the host backs it with pino. */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  /**
   * Optional: whether lines at `level` are written. When it answers false, a line at that level is
   * not even built (its fields copied, its message formatted). Pino loggers have it.
   */
  isLevelEnabled?(level: 'debug' | 'info' | 'warn' | 'error'): boolean;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
