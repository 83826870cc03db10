import { isDurableError, isDurableErrorWithCode, type DurableErrorCode } from '../model/errors/durable-error';
import type { FunctionNotFoundError } from '../model/errors/function-not-found-error';
import { isStorageReadOnlyError } from '../model/errors/storage-read-only';
import { HttpProblem, type ErrorBody } from './http-problem';

/** The HTTP status of every typed durable error (a new code fails to compile until it is mapped). */
const STATUS_BY_CODE: Readonly<Record<DurableErrorCode, number>> = {
  ACTIVITY_TIMEOUT: 500,
  COMPILER_OPTIONS: 500,
  CONFIGURATION_INVALID: 500,
  CUSTOM_STATUS_TOO_LARGE: 500,
  DUPLICATE_FUNCTION_NAME: 500,
  ENTITY_OPERATION_FAILED: 500,
  FUNCTION_NOT_FOUND: 404,
  HOST_NOT_RUNNING: 503,
  HTTP_REQUEST_FAILED: 502,
  INSTANCE_ALREADY_EXISTS: 409,
  INSTANCE_NOT_FOUND: 404,
  INSTANCE_NOT_FAILED: 412,
  INSTANCE_NOT_RUNNING: 410,
  INSTANCE_STILL_RUNNING: 412,
  INPUT_INVALID: 400,
  INVALID_ARGUMENT: 400,
  INVALID_FUNCTION_NAME: 400,
  INVALID_INSTANCE_ID: 400,
  INVALID_REGISTRATION: 500,
  LOCKING_RULES_VIOLATION: 500,
  NON_DETERMINISTIC_ORCHESTRATION: 500,
  NOT_JSON_SERIALIZABLE: 400,
  ORCHESTRATION_CONTEXT_REQUIRED: 500,
  PAYLOAD_TOO_LARGE: 413,
  POISON_WORK_ITEM: 500,
  STORAGE_FAILURE: 500,
  STORAGE_UNAVAILABLE: 503,
  TASK_FAILED: 500,
  UNAUTHENTICATED_LISTEN: 500,
  WAIT_TIMEOUT: 504,
};

/** Fastify's own request errors (all the client's doing) and what we answer instead. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, { status: number; code: HttpProblem['code'] }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_CONTENT_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'UNSUPPORTED_CONTENT_TYPE' },
};

export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: ErrorBody;
  /** True for a fault of the server (5xx): log it, and do not show its message to the client. */
  readonly isServerFault: boolean;
  /** Extra response headers: `Retry-After` on a 503. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Seconds a 503 asks the client to wait when the error does not say. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Seconds a 503 for read-only storage asks the client to wait: storage turns writable again by an
 * operator's hand (permissions, a remount, a failover), not within a second.
 */
export const READ_ONLY_RETRY_AFTER_SECONDS = 10;

const INTERNAL_MESSAGE = 'The server failed to handle the request; the failure is in its log.';

/** What the caller may learn from an error message. */
export interface ErrorAudience {
  /** List the registered function names in a FUNCTION_NOT_FOUND answer (a caller with the system key). */
  readonly showFunctionNames: boolean;
}

/**
 * The response for an error thrown while handling a request: typed durable errors and HTTP
 * problems by their code, fastify's client errors by theirs, anything else as a 500 whose
 * details stay in the log.
 */
export function toErrorResponse(error: unknown, bodyLimitBytes: number, audience: ErrorAudience = { showFunctionNames: false }): ErrorResponse {
  if (error instanceof HttpProblem) return response(error.statusCode, error.code, error.message);
  // Before the typed errors: a read-only database surfaces as STORAGE_FAILURE (500), but the server
  // is not broken, only unable to write for now. The driver's message (paths, server names) stays in the log.
  if (isStorageReadOnlyError(error)) {
    return response(503, 'STORAGE_READ_ONLY', 'Storage accepts no writes at the moment (it is read-only); try again later.', READ_ONLY_RETRY_AFTER_SECONDS);
  }
  if (isDurableErrorWithCode(error, 'FUNCTION_NOT_FOUND')) {
    const { kind, functionName } = error as FunctionNotFoundError;
    // The HTTP API reference answers a start of an unknown orchestrator with 400 (the request
    // names something that cannot be started); an unknown entity name stays 404 like the extension.
    const status = kind === 'orchestrator' ? 400 : 404;
    const message = audience.showFunctionNames ? error.message : `No ${kind} named '${functionName.slice(0, 100)}' is registered.`;
    return response(status, error.code, message);
  }
  if (isDurableError(error)) return response(STATUS_BY_CODE[error.code] ?? 500, error.code, error.message, retryAfterOf(error));
  const fastifyCode = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const known = typeof fastifyCode === 'string' ? FASTIFY_CLIENT_ERRORS[fastifyCode] : undefined;
  if (known !== undefined) {
    const message = known.code === 'PAYLOAD_TOO_LARGE' ? `The request body is larger than the limit of ${bodyLimitBytes} bytes.` : messageOf(error);
    return response(known.status, known.code, message);
  }
  const status = statusOfClientError(error);
  if (status !== undefined) return response(status, 'BAD_REQUEST', messageOf(error));
  return response(500, 'INTERNAL_ERROR', INTERNAL_MESSAGE);
}

function response(statusCode: number, code: string, message: string, retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS): ErrorResponse {
  const isServerFault = statusCode >= 500 && statusCode !== 503;
  const headers: Record<string, string> = statusCode === 503 ? { 'retry-after': String(retryAfterSeconds) } : {};
  return { statusCode, body: { error: code, message: isServerFault ? INTERNAL_MESSAGE : message }, isServerFault, headers };
}

/** The wait an error asks for (StorageUnavailableError carries one), else the default. */
function retryAfterOf(error: object): number {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : DEFAULT_RETRY_AFTER_SECONDS;
}

/** Other 4xx errors fastify raises for malformed requests (e.g. FST_ERR_BAD_URL). */
function statusOfClientError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
