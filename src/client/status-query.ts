import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { isRuntimeStatus, RUNTIME_STATUSES, type RuntimeStatus } from '../model/runtime-status';
import type { InstanceFilter } from '../storage/storage-records';
import type { OrchestrationStatus } from './orchestration-status';

/**
 * A status to filter by: a runtime status, or `Canceled`, which the Durable Functions client's
 * enumeration lists but no instance ever has (here or in the extension): it matches nothing.
 */
export type RuntimeStatusFilter = RuntimeStatus | 'Canceled';

/** Which instances `getStatusBy` returns; every field optional. */
export interface StatusQuery {
  readonly createdTimeFrom?: Date;
  readonly createdTimeTo?: Date;
  readonly runtimeStatus?: readonly RuntimeStatusFilter[];
  readonly instanceIdPrefix?: string;
  /** 1–1000, default 100. */
  readonly pageSize?: number;
  readonly continuationToken?: string;
  /** Defaults to true. */
  readonly showInput?: boolean;
}

export interface StatusPage {
  readonly instances: readonly OrchestrationStatus[];
  readonly continuationToken?: string;
}

/** Which finished instances `purgeInstanceHistoryBy` deletes. */
export interface PurgeFilter {
  readonly createdTimeFrom?: Date;
  readonly createdTimeTo?: Date;
  readonly runtimeStatus?: readonly RuntimeStatusFilter[];
}

/**
 * Validates a client-side filter and turns it into the storage filter; undefined when it can
 * match no instance (only `Canceled` was asked for), so the caller answers without a query.
 */
export function toFilter(query: StatusQuery | PurgeFilter): InstanceFilter | undefined {
  const time = (value: Date | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(name, 'expected a valid Date');
    return value.getTime();
  };
  const from = time(query.createdTimeFrom, 'createdTimeFrom');
  const to = time(query.createdTimeTo, 'createdTimeTo');
  for (const status of query.runtimeStatus ?? []) {
    if (!isRuntimeStatus(status) && status !== 'Canceled') {
      throw new InvalidArgumentError('runtimeStatus', `unknown status ${JSON.stringify(status)}; use ${[...RUNTIME_STATUSES, 'Canceled'].join(', ')}`);
    }
  }
  const statuses = query.runtimeStatus?.filter(isRuntimeStatus);
  if (statuses !== undefined && statuses.length === 0 && query.runtimeStatus!.length > 0) return undefined;
  const prefix = 'instanceIdPrefix' in query ? query.instanceIdPrefix : undefined;
  return {
    ...(from !== undefined ? { createdFrom: from } : {}),
    ...(to !== undefined ? { createdTo: to } : {}),
    ...(statuses !== undefined ? { statuses } : {}),
    ...(prefix !== undefined ? { instanceIdPrefix: prefix } : {}),
  };
}
