import type { CleanEntityStorageResult } from '../../client/entity-client';
import type { RuntimeStatus } from '../../model/runtime-status';
import type { EntityStatusPayload } from '../../http/entity-routes';
import type { HistoryEventView } from '../../http/history-view';
import type { StatusResponsePayload } from '../../http/status-response';

export interface StartRequest {
  readonly name: string;
  readonly input?: unknown;
  readonly instanceId?: string;
  readonly version?: string;
}

export interface InstanceFilterRequest {
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly runtimeStatus?: readonly RuntimeStatus[];
}

export interface ListInstancesRequest extends InstanceFilterRequest {
  readonly prefix?: string;
  readonly top?: number;
  readonly continuationToken?: string;
  readonly showInput: boolean;
}

export interface ListEntitiesRequest {
  readonly entityName?: string;
  readonly top?: number;
  readonly continuationToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly continuationToken?: string;
}

export type InstanceOperation = 'terminate' | 'suspend' | 'resume' | 'rewind';

/**
 * The verbs of the command line, on one task hub: the local hub (a storage provider) or a running
 * server (its durabletask HTTP API). Every answer has the HTTP API's shape, so `--json` prints
 * the same field names whichever way the hub is reached.
 */
export interface HubOperations {
  /** For messages: the SQLite file, the PostgreSQL target or the URL, and the hub name. */
  readonly description: string;
  startNew(request: StartRequest): Promise<string>;
  /** @throws InstanceNotFoundError (or the server's INSTANCE_NOT_FOUND) */
  getStatus(instanceId: string, options: { showInput: boolean; showHistory: boolean }): Promise<StatusResponsePayload>;
  getHistory(instanceId: string): Promise<readonly HistoryEventView[]>;
  listInstances(request: ListInstancesRequest): Promise<Page<StatusResponsePayload>>;
  raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void>;
  operate(operation: InstanceOperation, instanceId: string, reason: string | undefined): Promise<void>;
  /** The id of the new instance. */
  restart(instanceId: string, withNewInstanceId: boolean): Promise<string>;
  purgeInstance(instanceId: string): Promise<number>;
  /** Purges finished instances matching the filter; `progress` is told the running count after each batch. */
  purgeBy(filter: InstanceFilterRequest, progress: (purged: number) => void): Promise<number>;
  signalEntity(entityName: string, entityKey: string, operation: string, input: unknown): Promise<void>;
  /** The state, or `{ exists: false }`. */
  getEntity(entityName: string, entityKey: string): Promise<{ readonly exists: boolean; readonly state?: unknown }>;
  listEntities(request: ListEntitiesRequest): Promise<Page<EntityStatusPayload>>;
  cleanEntityStorage(): Promise<CleanEntityStorageResult>;
  deleteTaskHub(): Promise<void>;
  close(): Promise<void>;
}
