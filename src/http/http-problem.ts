import type { DurableErrorCode } from '../model/errors/durable-error';

/** Codes of the HTTP layer's own errors (typed durable errors keep their `DurableErrorCode`). */
export type HttpProblemCode =
  | 'ADMIN_DISABLED'
  | 'BAD_REQUEST'
  | 'DASHBOARD_NOT_BUILT'
  | 'DASHBOARD_OFF'
  | 'ENTITY_NOT_FOUND'
  | 'HOST_NOT_ALLOWED'
  | 'INTERNAL_ERROR'
  | 'INVALID_HOST_HEADER'
  | 'INVALID_JSON'
  | 'INVALID_QUERY_PARAMETER'
  | 'NO_MATCHING_INSTANCES'
  | 'ORIGIN_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'ROUTE_NOT_FOUND'
  | 'TASK_HUB_NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_CONTENT_TYPE';

/** The JSON body of every error response: a stable code and a sentence saying what was wrong. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

/** A request the HTTP layer refuses, with the status and code to answer with. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    /** The HTTP layer's own code, or a durable error's code when the API answers it with another status. */
    readonly code: HttpProblemCode | DurableErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}
