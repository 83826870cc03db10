/**
 * An object whose every string property (but `then`, so it is never mistaken for a promise) is
 * made once by `make` on first access and then cached. The one proxy helper behind every typed
 * surface whose names come from codegen: `ctx.activities`, `ctx.orchestrations`, `ctx.entities`,
 * `client.orchestrations` and `client.entities`.
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
