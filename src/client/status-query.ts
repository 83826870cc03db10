import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { isRuntimeStatus, type RuntimeStatus } from '../model/runtime-status';
import type { InstanceFilter } from '../storage/storage-records';
import type { OrchestrationStatus } from './orchestration-status';

/** Which instances `getStatusBy` returns; every field optional. */
export interface StatusQuery {
  readonly createdTimeFrom?: Date;
  readonly createdTimeTo?: Date;
  readonly runtimeStatus?: readonly RuntimeStatus[];
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
  readonly runtimeStatus?: readonly RuntimeStatus[];
}

/** Validates a client-side filter and turns it into the storage filter. */
export function toFilter(query: StatusQuery | PurgeFilter): InstanceFilter {
  const time = (value: Date | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(name, 'expected a valid Date');
    return value.getTime();
  };
  const from = time(query.createdTimeFrom, 'createdTimeFrom');
  const to = time(query.createdTimeTo, 'createdTimeTo');
  for (const status of query.runtimeStatus ?? []) {
    if (!isRuntimeStatus(status)) throw new InvalidArgumentError('runtimeStatus', `unknown status ${JSON.stringify(status)}`);
  }
  const prefix = 'instanceIdPrefix' in query ? query.instanceIdPrefix : undefined;
  return {
    ...(from !== undefined ? { createdFrom: from } : {}),
    ...(to !== undefined ? { createdTo: to } : {}),
    ...(query.runtimeStatus !== undefined ? { statuses: query.runtimeStatus } : {}),
    ...(prefix !== undefined ? { instanceIdPrefix: prefix } : {}),
  };
}
