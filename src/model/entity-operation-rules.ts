/**
 * What makes a method an entity operation, in one place: the runtime applies these rules when it
 * registers an entity class (src/registry/entity-operations.ts) and codegen when it types the
 * entity's proxies (codegen/scan/scan-entity.ts). Each side reads the facts it can see (a
 * prototype at run time, declarations at build time) and asks the same questions here, so the
 * generated proxies never offer an operation the runtime would refuse, or the other way round.
 */

/** A method as either side sees it. */
export interface OperationCandidate {
  readonly name: string;
  /** Declared parameters (at run time: `Function.length`, which does not count a rest parameter). */
  readonly parameterCount: number;
  readonly hasRestParameter: boolean;
}

/** A broken rule: the method, which rule, and for a name collision the method declared first. */
export type OperationRuleViolation =
  | { readonly rule: 'one-input'; readonly method: string }
  | { readonly rule: 'case-insensitive-names'; readonly method: string; readonly earlier: string };

/**
 * Built-in operations every entity has without declaring them (`delete` removes the state); a
 * method of the same name replaces the built-in.
 */
export const BUILT_IN_OPERATIONS: readonly string[] = ['delete'];

/**
 * Whether a method of an entity class is an operation: every method but the constructor and
 * names starting with `_` (by convention private helpers) or `#` (truly private).
 */
export function isOperationName(name: string): boolean {
  return name !== 'constructor' && !name.startsWith('_') && !name.startsWith('#');
}

/** Operation names are case-insensitive: the key an operation is found by. */
export function operationKey(name: string): string {
  return name.toLowerCase();
}

/** The rules an entity's operations must follow, checked in declaration order. */
export function operationRuleViolations(methods: readonly OperationCandidate[]): OperationRuleViolation[] {
  const violations: OperationRuleViolation[] = [];
  const seen = new Map<string, string>();
  for (const method of methods) {
    const key = operationKey(method.name);
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, method.name);
    else violations.push({ rule: 'case-insensitive-names', method: method.name, earlier });
    if (method.parameterCount > 1 || method.hasRestParameter) violations.push({ rule: 'one-input', method: method.name });
  }
  return violations;
}
