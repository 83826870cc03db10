const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** `2024-05-01T10:30:00Z (3m ago)`: the exact time for copying, and how long ago for reading. */
export function formatTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${iso} (${relativeTime(time, now)})`;
}

/** `just now`, `42s ago`, `3h ago`, `in 2d` (the largest whole unit). */
export function relativeTime(time: number, now: number): string {
  const delta = now - time;
  const size = Math.abs(delta);
  const unit = UNITS.find(([, ms]) => size >= ms);
  if (unit === undefined) return 'just now';
  const amount = `${Math.floor(size / unit[1])}${unit[0]}`;
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}
