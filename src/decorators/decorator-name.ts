import { assertValidFunctionName } from '../model/function-name';

/**
 * Validates a name passed explicitly to a decorator factory, at decoration time.
 * `undefined` means "use the default name" and is accepted.
 * @throws InvalidFunctionNameError when the name is given but not a usable function name.
 */
export function assertOptionalDecoratorName(name: unknown): asserts name is string | undefined {
  if (name !== undefined) assertValidFunctionName(name);
}
