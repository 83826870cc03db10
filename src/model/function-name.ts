import { InvalidFunctionNameError } from './errors/invalid-function-name-error';

export const MAX_FUNCTION_NAME_LENGTH = 256;

/** Throws InvalidFunctionNameError unless `name` is a usable function name. */
export function assertValidFunctionName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new InvalidFunctionNameError(String(name), `expected a string, got ${typeof name}`);
  if (name.trim().length === 0) throw new InvalidFunctionNameError(name, 'it is empty');
  if (name.length > MAX_FUNCTION_NAME_LENGTH) {
    throw new InvalidFunctionNameError(name, `it has ${name.length} characters; at most ${MAX_FUNCTION_NAME_LENGTH} are accepted`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\#?]/.test(name)) {
    throw new InvalidFunctionNameError(name, "it contains a control character or one of '/', '\\', '#', '?'");
  }
}
