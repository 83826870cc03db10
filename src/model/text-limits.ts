/**
 * `text` cut to `max` characters with a visible marker saying how much was cut, e.g.
 * `xxx… [truncated 83616 characters]`; unchanged when it fits. Never splits a surrogate pair.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated ${text.length - end} characters]`;
}
