import { DurableError } from './durable-error';

/** `ctx.setCustomStatus` got a value whose JSON is larger than the documented limit. */
export class CustomStatusTooLargeError extends DurableError {
  readonly code = 'CUSTOM_STATUS_TOO_LARGE' as const;
  constructor(
    readonly sizeInBytes: number,
    readonly limitInBytes: number,
  ) {
    super(`Custom status is ${sizeInBytes} bytes of JSON; at most ${limitInBytes} bytes are accepted.`);
  }
}
