const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

/**
 * Parses a .NET TimeSpan string as written in host.json — `"hh:mm:ss"`, optionally with a day
 * count (`"1.02:00:00"`) and fractional seconds (`"00:00:00.500"`) — into milliseconds.
 * @returns the duration in milliseconds, or undefined when `text` is not such a timespan
 *   (minutes and seconds must be below 60, hours below 24).
 */
export function parseTimeSpan(text: string): number | undefined {
  const match = TIMESPAN.exec(text.trim());
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  const h = Number(hours);
  const m = Number(minutes);
  const s = Number(seconds);
  if (h > 23 || m > 59 || s > 59) return undefined;
  const fractionMs = Number(fraction.padEnd(7, '0')) / 10_000; // 7 digits = .NET ticks of 100 ns
  return ((Number(days) * 24 + h) * 60 + m) * 60_000 + s * 1000 + fractionMs;
}

/** Formats milliseconds as `"hh:mm:ss.fff"` (for messages and the start-up summary). */
export function formatTimeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const hours = Math.floor(totalSeconds / 3600);
  const base = `${pad(hours)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  const rest = Math.round(ms - totalSeconds * 1000);
  return rest === 0 ? base : `${base}.${pad(rest, 3)}`;
}
