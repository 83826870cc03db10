import { DurableError } from './durable-error';

/**
 * An input that does not match its declared TypeScript type (checked against the JSON Schema
 * that codegen derived from it), refused before anything was stored: an HTTP 400.
 */
export class InputValidationError extends DurableError {
  readonly code = 'INPUT_INVALID' as const;
  constructor(
    /** What was checked: `the input of orchestrator 'ProcessOrder'`. */
    readonly what: string,
    /** Where in the value, as a JSON path: `$.lines[0].quantity`. */
    readonly path: string,
    /** What was expected there: `expected number`. */
    readonly expected: string,
  ) {
    super(`${what} does not match its declared type at ${path}: ${expected}. Send a value of the declared type (nothing was stored).`);
  }
}
