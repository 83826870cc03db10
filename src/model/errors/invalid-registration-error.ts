import { DurableError } from './durable-error';

/** A decorated class or method cannot be used as declared (e.g. a missing `run` method). */
export class InvalidRegistrationError extends DurableError {
  readonly code = 'INVALID_REGISTRATION' as const;
  constructor(
    readonly declaration: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${declaration}: ${reason}`, options);
  }
}
