import { InvalidArgumentError } from './errors/invalid-argument-error';

/** What a task hub name must be, as in Durable Functions: 3 to 45 letters and digits, starting with a letter. */
export const TASK_HUB_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{2,44}$/;

export function isValidTaskHubName(name: unknown): name is string {
  return typeof name === 'string' && TASK_HUB_NAME_PATTERN.test(name);
}

/** @throws InvalidArgumentError unless `name` is a valid task hub name */
export function assertValidTaskHubName(name: unknown): asserts name is string {
  if (!isValidTaskHubName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : String(name);
    throw new InvalidArgumentError('task hub name', `must be 3 to 45 letters and digits, starting with a letter, not ${shown}`);
  }
}
