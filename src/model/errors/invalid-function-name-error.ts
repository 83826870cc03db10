import { DurableError } from './durable-error';

/** A function name is empty, too long or has characters that are not accepted. */
export class InvalidFunctionNameError extends DurableError {
  readonly code = 'INVALID_FUNCTION_NAME' as const;
  constructor(
    readonly functionName: string,
    readonly reason: string,
  ) {
    super(`Invalid function name ${JSON.stringify(functionName)}: ${reason}`);
  }
}
