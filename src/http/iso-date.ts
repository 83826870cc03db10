/**
 * An ISO 8601 date or date-time as clients put it in a query string: `2024-05-01`,
 * `2024-05-01T10:30`, `2024-05-01T10:30:00.123Z`, `2024-05-01 10:30:00+02:00`. A value without an
 * offset is UTC. Fractions beyond milliseconds are dropped.
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * Epoch milliseconds of an ISO 8601 timestamp, or undefined when `text` is not one or names a day
 * or time that does not exist (`2023-02-29`, `24:00`). A `+` of an offset that a query string
 * decoded to a space (`…T10:00:00 02:00`) is read as the `+` it was.
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  return parse(trimmed) ?? (/ \d{2}:?\d{2}$/.test(trimmed) ? parse(trimmed.replace(/ (\d{2}:?\d{2})$/, '+$1')) : undefined);
}

function parse(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const [offsetHours, offsetMins] = [Number(m[10]), Number(m[11])];
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
