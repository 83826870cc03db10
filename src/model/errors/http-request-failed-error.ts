import { DurableError } from './durable-error';

/**
 * A durable HTTP request got no response: the connection failed (refused, reset, DNS, TLS) or
 * the per-request timeout passed. Raised in the built-in HTTP activity, so the orchestrator sees
 * a TaskFailedError whose `failureDetails.errorType` is `HttpRequestFailedError`. A response of
 * any status (404, 500, …) is not a failure: it is returned to the orchestrator.
 */
export class HttpRequestFailedError extends DurableError {
  readonly code = 'HTTP_REQUEST_FAILED' as const;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${url} failed: ${reason}`, options);
  }
}
