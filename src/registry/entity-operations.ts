import { isOperationName, operationKey, operationRuleViolations, type OperationCandidate } from '../model/entity-operation-rules';
import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import type { Constructor } from './function-registration';

/**
 * The operations of an entity class: its methods (own and inherited) that the shared rules call
 * operations, keyed by lower-cased name, since operation names are case-insensitive.
 * @throws InvalidRegistrationError for a method with more than one parameter, or two methods whose
 *   names differ only in case.
 */
export function entityOperations(cls: Constructor): Map<string, string> {
  const methods = operationMethods(cls);
  const violation = operationRuleViolations(methods)[0];
  if (violation?.rule === 'one-input') {
    throw new InvalidRegistrationError(`${cls.name}.${violation.method}`, 'an entity operation takes at most one parameter (its input)');
  }
  if (violation?.rule === 'case-insensitive-names') {
    throw new InvalidRegistrationError(`${cls.name}.${violation.method}`, `operation names are case-insensitive and '${violation.earlier}' already exists`);
  }
  return new Map(methods.map((m) => [operationKey(m.name), m.name]));
}

/** The class's operation methods, most derived first; an override hides the method it overrides. */
function operationMethods(cls: Constructor): OperationCandidate[] {
  const methods = new Map<string, OperationCandidate>();
  for (let proto: unknown = cls.prototype; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!isOperationName(name) || methods.has(name) || typeof descriptor?.value !== 'function') continue;
      const parameterCount = (descriptor.value as (...args: unknown[]) => unknown).length;
      methods.set(name, { name, parameterCount, hasRestParameter: false });
    }
  }
  return [...methods.values()];
}
