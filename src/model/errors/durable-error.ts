/** Marks every error this package throws, so two copies of the package still recognise each other. */
const DURABLE_ERROR_BRAND = Symbol.for('durable-ts.error');

/** The stable codes of every error class; callers switch on `code`, not on the class. */
export type DurableErrorCode =
  | 'ACTIVITY_TIMEOUT'
  | 'COMPILER_OPTIONS'
  | 'CONFIGURATION_INVALID'
  | 'CUSTOM_STATUS_TOO_LARGE'
  | 'DUPLICATE_FUNCTION_NAME'
  | 'ENTITY_OPERATION_FAILED'
  | 'FUNCTION_NOT_FOUND'
  | 'INSTANCE_ALREADY_EXISTS'
  | 'INSTANCE_NOT_FAILED'
  | 'INSTANCE_NOT_FOUND'
  | 'INSTANCE_NOT_RUNNING'
  | 'INSTANCE_STILL_RUNNING'
  | 'INPUT_INVALID'
  | 'INVALID_ARGUMENT'
  | 'INVALID_FUNCTION_NAME'
  | 'INVALID_INSTANCE_ID'
  | 'INVALID_REGISTRATION'
  | 'NON_DETERMINISTIC_ORCHESTRATION'
  | 'NOT_JSON_SERIALIZABLE'
  | 'ORCHESTRATION_CONTEXT_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'POISON_WORK_ITEM'
  | 'HOST_NOT_RUNNING'
  | 'HTTP_REQUEST_FAILED'
  | 'LOCKING_RULES_VIOLATION'
  | 'STORAGE_FAILURE'
  | 'STORAGE_UNAVAILABLE'
  | 'TASK_FAILED'
  | 'UNAUTHENTICATED_LISTEN'
  | 'WAIT_TIMEOUT';

/** Base class of every error thrown by durable-ts. Check with `isDurableError`, not `instanceof`. */
export abstract class DurableError extends Error {
  abstract readonly code: DurableErrorCode;
  readonly [DURABLE_ERROR_BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `value` is an error thrown by any copy of durable-ts. */
export function isDurableError(value: unknown): value is DurableError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DURABLE_ERROR_BRAND] === true;
}

/** True when `value` is a durable-ts error with the given code. */
export function isDurableErrorWithCode<C extends DurableErrorCode>(
  value: unknown,
  code: C,
): value is DurableError & { code: C } {
  return isDurableError(value) && value.code === code;
}
