/**
 * The own fields of a freshly constructed object that hold one of its constructor arguments:
 * parameter properties (`constructor(private audit: AuditTrail)`) and fields assigned from a
 * parameter (`this.audit = audit`). These are injected dependencies, not entity state.
 *
 * Only arguments that are objects, functions or non-empty strings count: a number, boolean or
 * empty string equal to an argument may be a coincidence (`count = 0` beside an injected 0), so
 * such values are treated as data. Codegen applies the same rule (codegen/scan/scan-entity.ts).
 */
export function injectedKeys(instance: object, args: readonly unknown[]): ReadonlySet<string> {
  const injected = args.filter(isIdentifiable);
  const keys = new Set<string>();
  if (injected.length === 0) return keys;
  for (const key of Object.keys(instance)) {
    if (injected.includes((instance as Record<string, unknown>)[key])) keys.add(key);
  }
  return keys;
}

/** Whether a value is distinctive enough that `===` with a field means the field holds it. */
function isIdentifiable(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || typeof value === 'function' || (typeof value === 'string' && value !== '');
}
