/**
 * An object whose every string property (but `then`, so it is never mistaken for a promise) is
 * made once by `make` on first access and then cached: the runtime side of the typed entity
 * proxies, whose names and types come from codegen.
 */
export function createNamedProxy<T extends object = object>(make: (name: string) => unknown): T {
  const made = new Map<string, unknown>();
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property !== 'string' || property === 'then') return undefined;
        if (!made.has(property)) made.set(property, make(property));
        return made.get(property);
      },
    },
  ) as T;
}
