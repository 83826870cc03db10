import { DurableError } from './durable-error';

/** An API was called with an argument it does not accept. */
export class InvalidArgumentError extends DurableError {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`Invalid ${argument}: ${reason}`);
  }
}
