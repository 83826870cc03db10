import { DurableError } from './durable-error';

/** A value handed to durable storage (input, output, status) cannot round-trip through JSON. */
export class NotJsonSerializableError extends DurableError {
  readonly code = 'NOT_JSON_SERIALIZABLE' as const;
  constructor(
    readonly what: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${what} is not JSON-serializable at ${path}: ${reason}. Use plain objects, arrays, strings, finite numbers, booleans and null.`);
  }
}
