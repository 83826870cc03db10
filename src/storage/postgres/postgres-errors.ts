/** A readable reason for a driver error: its message, else its code (Node's AggregateError from a refused dual-stack connect has an empty message). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  const inner = error instanceof AggregateError ? error.errors.map(describeError).filter((text) => text.length > 0) : [];
  const parts = [error.message, ...inner].filter((text) => text.length > 0);
  const text = [...new Set(parts)].join('; ');
  if (text.length > 0) return text;
  return typeof code === 'string' ? code : error.name;
}
