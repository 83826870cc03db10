import 'reflect-metadata';

/** Where TypeScript (`emitDecoratorMetadata`) and swc (`decoratorMetadata`) put constructor parameter types. */
const PARAM_TYPES_METADATA_KEY = 'design:paramtypes';

/**
 * tsyringe's own key for `@inject(token)` parameters: an object from parameter index to token,
 * stored with `Reflect.defineMetadata` on the class itself (tsyringe's reflection-helpers.ts,
 * `INJECTION_TOKEN_METADATA_KEY`). tsyringe does not export it, so this string couples us to its
 * internals: if tsyringe renames it, classes using only `@inject` get the compiler-options error.
 */
const TSYRINGE_INJECTION_TOKENS_METADATA_KEY = 'injectionTokens';

/**
 * True when tsyringe could not know what to pass to `cls`'s constructor: it declares parameters
 * but has no parameter types (the app was compiled without decorator metadata) and not every
 * parameter has an `@inject` token. Reads metadata the way tsyringe's `getParamInfo` does
 * (parameter types possibly inherited, tokens on the class itself).
 */
export function lacksConstructorMetadata(cls: Function): boolean {
  if (cls.length === 0) return false;
  if (Reflect.getMetadata(PARAM_TYPES_METADATA_KEY, cls) !== undefined) return false;
  const tokens: unknown = Reflect.getOwnMetadata(TSYRINGE_INJECTION_TOKENS_METADATA_KEY, cls);
  if (typeof tokens !== 'object' || tokens === null) return true;
  return Array.from({ length: cls.length }, (_, index) => index).some((index) => !(index in tokens));
}
