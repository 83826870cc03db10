/**
 * Characters that make an id read differently from what it is: bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C) reorder what a
 * reader sees, and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are invisible, so two
 * ids that look alike would name different instances.
 */
const MISLEADING = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

/** The first misleading character of `text` and its position, or undefined. */
export function findMisleadingCharacter(text: string): { readonly codePoint: string; readonly index: number } | undefined {
  const match = MISLEADING.exec(text);
  if (match === null) return undefined;
  return { codePoint: `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}

/** Ids that break URLs or read as nothing: `.` and `..` (path segments), whitespace only. */
export function unusableIdReason(text: string): string | undefined {
  if (text === '.' || text === '..') return `it is '${text}', which a URL resolves as a path segment`;
  if (text.trim() === '') return 'it is whitespace only';
  return undefined;
}

/** At most `max` characters of a client's value, for messages: long input is not echoed back. */
export function shortened(text: string, max = 64): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
