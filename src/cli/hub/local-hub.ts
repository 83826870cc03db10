import { DurableClient } from '../../client/durable-client';
import type { CleanEntityStorageResult } from '../../client/entity-client';
import { toEntityStatusPayload, type EntityStatusPayload } from '../../http/entity-routes';
import { toHistoryView, type HistoryEventView } from '../../http/history-view';
import { toStatusResponse, type StatusResponsePayload } from '../../http/status-response';
import type { Clock } from '../../model/clock';
import { entityId } from '../../model/entity-id';
import { InstanceNotFoundError } from '../../model/errors/instance-not-found-error';
import type { StorageProvider } from '../../storage/storage-provider';
import { purgeInBatches } from './purge-in-batches';
import type { HubOperations, InstanceFilterRequest, InstanceOperation, ListEntitiesRequest, ListInstancesRequest, Page, StartRequest } from './hub-operations';

/** The verbs on the hub of the working directory, through the same DurableClient an app uses. */
export class LocalHub implements HubOperations {
  private readonly client: DurableClient;

  constructor(
    private readonly storage: StorageProvider,
    clock: Clock,
    readonly description: string,
  ) {
    this.client = new DurableClient(storage, clock);
  }

  startNew(request: StartRequest): Promise<string> {
    return this.client.startNew(request.name, {
      ...(request.instanceId !== undefined ? { instanceId: request.instanceId } : {}),
      ...(request.version !== undefined ? { version: request.version } : {}),
      input: request.input,
    });
  }

  async getStatus(instanceId: string, options: { showInput: boolean; showHistory: boolean }): Promise<StatusResponsePayload> {
    // As the HTTP route fetches it: history payloads read, then shown or hidden by the view.
    const status = await this.client.getStatus(instanceId, { showHistory: options.showHistory, showHistoryOutput: true, showInput: options.showInput });
    if (status === undefined) throw new InstanceNotFoundError(instanceId);
    return toStatusResponse(status, { showInput: options.showInput, showHistoryOutput: options.showHistory });
  }

  async getHistory(instanceId: string): Promise<readonly HistoryEventView[]> {
    const status = await this.client.getStatus(instanceId, { showHistory: true, showHistoryOutput: true });
    if (status === undefined) throw new InstanceNotFoundError(instanceId);
    return toHistoryView(status.historyEvents ?? [], { showInput: true, showHistoryOutput: true });
  }

  async listInstances(request: ListInstancesRequest): Promise<Page<StatusResponsePayload>> {
    const page = await this.client.getStatusBy({
      ...toStatusFilter(request),
      ...(request.prefix !== undefined ? { instanceIdPrefix: request.prefix } : {}),
      ...(request.top !== undefined ? { pageSize: request.top } : {}),
      ...(request.continuationToken !== undefined ? { continuationToken: request.continuationToken } : {}),
      showInput: request.showInput,
    });
    return {
      items: page.instances.map((status) => toStatusResponse(status, { showInput: request.showInput, showHistoryOutput: false })),
      ...(page.continuationToken !== undefined ? { continuationToken: page.continuationToken } : {}),
    };
  }

  raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void> {
    return this.client.raiseEvent(instanceId, eventName, eventData);
  }

  operate(operation: InstanceOperation, instanceId: string, reason: string | undefined): Promise<void> {
    return this.client[operation](instanceId, reason);
  }

  restart(instanceId: string, withNewInstanceId: boolean): Promise<string> {
    return this.client.restart(instanceId, withNewInstanceId ? {} : { newInstanceId: false });
  }

  async purgeInstance(instanceId: string): Promise<number> {
    return (await this.client.purgeInstanceHistory(instanceId)).instancesDeleted;
  }

  purgeBy(filter: InstanceFilterRequest, progress: (purged: number) => void): Promise<number> {
    return purgeInBatches(this.client, toStatusFilter(filter), progress);
  }

  signalEntity(entityName: string, entityKey: string, operation: string, input: unknown): Promise<void> {
    return this.client.signalEntity(entityId(entityName, entityKey), operation, input);
  }

  async getEntity(entityName: string, entityKey: string): Promise<{ exists: boolean; state?: unknown }> {
    const response = await this.client.readEntityState(entityId(entityName, entityKey));
    return response.entityExists ? { exists: true, state: response.entityState ?? null } : { exists: false };
  }

  async listEntities(request: ListEntitiesRequest): Promise<Page<EntityStatusPayload>> {
    const page = await this.client.listEntities({
      ...(request.entityName !== undefined ? { entityName: request.entityName } : {}),
      ...(request.top !== undefined ? { pageSize: request.top } : {}),
      ...(request.continuationToken !== undefined ? { continuationToken: request.continuationToken } : {}),
      fetchState: true,
    });
    return {
      items: page.entities.map((metadata) => toEntityStatusPayload(metadata, true)),
      ...(page.continuationToken !== undefined ? { continuationToken: page.continuationToken } : {}),
    };
  }

  cleanEntityStorage(): Promise<CleanEntityStorageResult> {
    return this.client.cleanEntityStorage({ removeEmptyEntities: true, releaseOrphanedLocks: true });
  }

  deleteTaskHub(): Promise<void> {
    return this.client.deleteHub();
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}

function toStatusFilter(filter: InstanceFilterRequest): { createdTimeFrom?: Date; createdTimeTo?: Date; runtimeStatus?: InstanceFilterRequest['runtimeStatus'] } {
  return {
    ...(filter.createdAfter !== undefined ? { createdTimeFrom: filter.createdAfter } : {}),
    ...(filter.createdBefore !== undefined ? { createdTimeTo: filter.createdBefore } : {}),
    ...(filter.runtimeStatus !== undefined ? { runtimeStatus: filter.runtimeStatus } : {}),
  };
}
