import { MAX_INSTANCE_ID_LENGTH } from '../model/instance-id';
import { RUNTIME_STATUSES, type RuntimeStatus } from '../model/runtime-status';
import type { EntityQuery } from '../client/entity-client';
import type { PurgeFilter, StatusQuery } from '../client/status-query';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { HttpProblem } from './http-problem';
import { parseIsoTimestamp } from './iso-date';
import { readBooleanParam, readQueryParam, readQueryParamValues } from './query-params';

/** Largest page the list APIs return; a larger `top` gets pages of this size (fewer items than `top` is documented). */
export const MAX_QUERY_PAGE_SIZE = 1000;

/** Request header (and response header) carrying the paging position, as Durable Functions names it. */
export const CONTINUATION_TOKEN_HEADER = 'x-ms-continuation-token';

/**
 * A runtime status filter read from `runtimeStatus=`: the statuses to match, or `matchesNothing`
 * when only statuses durable-ts never reports (`Canceled`) were asked for.
 */
interface StatusFilter {
  readonly statuses?: readonly RuntimeStatus[];
  readonly matchesNothing: boolean;
}

/** What `GET …/instances` asks for, ready for `client.getStatusBy`. */
export interface ListInstancesRequest {
  readonly query: StatusQuery;
  /** Only `Canceled` was asked for, which no instance ever is: answer an empty page without a query. */
  readonly matchesNothing: boolean;
}

/** What `DELETE …/instances` asks for, ready for `client.purgeInstanceHistoryBy`. */
export interface PurgeInstancesRequest {
  readonly filter: PurgeFilter;
  readonly matchesNothing: boolean;
}

/**
 * Reads the query of `GET …/instances`: `createdTimeFrom`, `createdTimeTo`, `runtimeStatus` (a
 * comma-separated list; repeating the parameter adds to it), `instanceIdPrefix`, `showInput`,
 * `top`, and the continuation token from its request header.
 * @throws HttpProblem INVALID_QUERY_PARAMETER naming the parameter that is wrong
 */
export function readListInstancesRequest(query: unknown, continuationHeader: unknown): ListInstancesRequest {
  const from = readTimestampParam(query, 'createdTimeFrom');
  const to = readTimestampParam(query, 'createdTimeTo');
  const status = readStatusFilter(query);
  const prefix = readPrefixParam(query);
  const pageSize = readTopParam(query, 'instances');
  const continuationToken = readContinuationToken(continuationHeader);
  const showInput = readBooleanParam(query, 'showInput', true);
  return {
    query: {
      ...(from !== undefined ? { createdTimeFrom: new Date(from) } : {}),
      ...(to !== undefined ? { createdTimeTo: new Date(to) } : {}),
      ...(status.statuses !== undefined ? { runtimeStatus: status.statuses } : {}),
      ...(prefix !== undefined ? { instanceIdPrefix: prefix } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
      ...(continuationToken !== undefined ? { continuationToken } : {}),
      showInput,
    },
    matchesNothing: status.matchesNothing,
  };
}

/**
 * Reads the query of `DELETE …/instances`: `createdTimeFrom` (required, as the extension requires
 * it), `createdTimeTo` and `runtimeStatus`.
 * @throws HttpProblem INVALID_QUERY_PARAMETER naming the parameter that is missing or wrong
 */
export function readPurgeInstancesRequest(query: unknown): PurgeInstancesRequest {
  const from = readTimestampParam(query, 'createdTimeFrom');
  if (from === undefined) {
    throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', "Give the query parameter 'createdTimeFrom' (an ISO 8601 timestamp): purging by filter needs it.");
  }
  const to = readTimestampParam(query, 'createdTimeTo');
  const status = readStatusFilter(query);
  return {
    filter: {
      createdTimeFrom: new Date(from),
      ...(to !== undefined ? { createdTimeTo: new Date(to) } : {}),
      ...(status.statuses !== undefined ? { runtimeStatus: status.statuses } : {}),
    },
    matchesNothing: status.matchesNothing,
  };
}

/**
 * Reads `GET …/entities/{entityName?}`: the name from the path (case-insensitive; none lists every
 * entity), `lastOperationTimeFrom`, `lastOperationTimeTo`, `fetchState`, `top`, and the
 * continuation token from its request header.
 * @throws HttpProblem INVALID_QUERY_PARAMETER naming the parameter that is wrong
 * @throws InvalidArgumentError for a name no entity can have (it contains '@')
 */
export function readListEntitiesRequest(query: unknown, continuationHeader: unknown, entityName: string | undefined): EntityQuery {
  if (entityName !== undefined && entityName.includes('@')) {
    throw new InvalidArgumentError('entity name', `expected a name without '@', got ${quote(entityName)}`);
  }
  const from = readTimestampParam(query, 'lastOperationTimeFrom');
  const to = readTimestampParam(query, 'lastOperationTimeTo');
  const fetchState = readBooleanParam(query, 'fetchState', false);
  const pageSize = readTopParam(query, 'entities');
  const continuationToken = readContinuationToken(continuationHeader);
  return {
    ...(entityName !== undefined && entityName !== '' ? { entityName } : {}),
    ...(from !== undefined ? { lastOperationTimeFrom: new Date(from) } : {}),
    ...(to !== undefined ? { lastOperationTimeTo: new Date(to) } : {}),
    ...(pageSize !== undefined ? { pageSize } : {}),
    ...(continuationToken !== undefined ? { continuationToken } : {}),
    fetchState,
  };
}

function readTimestampParam(query: unknown, name: string): number | undefined {
  const value = readQueryParam(query, name);
  if (value === undefined || value.trim() === '') return undefined;
  const time = parseIsoTimestamp(value);
  if (time === undefined || !Number.isFinite(time)) {
    throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', `The query parameter '${name}' is ${quote(value)}; expected an ISO 8601 timestamp such as 2024-05-01T10:30:00Z.`);
  }
  return time;
}

/** Status names as the extension spells them, matched ignoring case; `Canceled` is documented but never reported here. */
const STATUS_BY_NAME: ReadonlyMap<string, RuntimeStatus | 'Canceled'> = new Map(
  [...RUNTIME_STATUSES, 'Canceled' as const].map((status) => [status.toLowerCase(), status]),
);

function readStatusFilter(query: unknown): StatusFilter {
  const names = readQueryParamValues(query, 'runtimeStatus')
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return { matchesNothing: false };
  const statuses = new Set<RuntimeStatus>();
  for (const name of names) {
    const status = STATUS_BY_NAME.get(name.toLowerCase());
    if (status === undefined) {
      throw new HttpProblem(
        400,
        'INVALID_QUERY_PARAMETER',
        `The query parameter 'runtimeStatus' names ${quote(name)}, which is not a runtime status; use a comma-separated list of ${[...RUNTIME_STATUSES, 'Canceled'].join(', ')}.`,
      );
    }
    if (status !== 'Canceled') statuses.add(status);
  }
  return statuses.size === 0 ? { matchesNothing: true } : { statuses: [...statuses], matchesNothing: false };
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

function readPrefixParam(query: unknown): string | undefined {
  const prefix = readQueryParam(query, 'instanceIdPrefix');
  if (prefix === undefined || prefix === '') return undefined;
  if (prefix.length > MAX_INSTANCE_ID_LENGTH || CONTROL_CHARACTERS.test(prefix)) {
    throw new HttpProblem(
      400,
      'INVALID_QUERY_PARAMETER',
      `The query parameter 'instanceIdPrefix' cannot begin an instance id: ids have at most ${MAX_INSTANCE_ID_LENGTH} characters and no control characters.`,
    );
  }
  return prefix;
}

function readTopParam(query: unknown, what: 'instances' | 'entities'): number | undefined {
  const value = readQueryParam(query, 'top');
  if (value === undefined || value === '') return undefined;
  const top = /^\s*\+?\d{1,15}\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(top) || top < 1) {
    throw new HttpProblem(400, 'INVALID_QUERY_PARAMETER', `The query parameter 'top' is ${quote(value)}; expected a whole number of ${what}, 1 or more.`);
  }
  return Math.min(top, MAX_QUERY_PAGE_SIZE);
}

function readContinuationToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const token = header.trim();
  return token === '' ? undefined : token;
}

/** A client's value in a message: quoted, and cut short when long. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
