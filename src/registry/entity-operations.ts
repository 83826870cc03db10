import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import type { Constructor } from './function-registration';

/**
 * The operations of an entity class: its methods (own and inherited, not the constructor and not
 * names starting with '_'), keyed by lower-cased name, since operation names are case-insensitive.
 * @throws InvalidRegistrationError for a method with more than one parameter, or two methods whose
 *   names differ only in case.
 */
export function entityOperations(cls: Constructor): Map<string, string> {
  const operations = new Map<string, string>();
  for (let proto: unknown = cls.prototype; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name.startsWith('_')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor === undefined || typeof descriptor.value !== 'function') continue;
      const key = name.toLowerCase();
      const existing = operations.get(key);
      if (existing === name) continue; // overridden in a subclass: the subclass's wins
      if (existing !== undefined) {
        throw new InvalidRegistrationError(`${cls.name}.${name}`, `operation names are case-insensitive and '${existing}' already exists`);
      }
      if ((descriptor.value as (...args: unknown[]) => unknown).length > 1) {
        throw new InvalidRegistrationError(`${cls.name}.${name}`, 'an entity operation takes at most one parameter (its input)');
      }
      operations.set(key, name);
    }
  }
  return operations;
}
