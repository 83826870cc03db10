import type { Clock } from '../model/clock';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { formatEntityId, parseEntityId, type EntityId } from '../model/entity-id';
import { decodeJson, encodeJson } from '../model/json-codec';
import { isTerminalStatus } from '../model/runtime-status';
import { parseSchedulerState } from '../entities/entity-scheduler-state';
import type { StorageProvider } from '../storage/storage-provider';
import { newHistoryEvent } from '../model/history-event-factory';
import type { InputValidator } from '../model/input-schemas';

export interface EntityStateResponse<T> {
  readonly entityExists: boolean;
  /** The last committed state, when the entity exists. */
  readonly entityState?: T;
}

export interface EntityQuery {
  readonly entityName?: string;
  readonly lastOperationTimeFrom?: Date;
  readonly lastOperationTimeTo?: Date;
  readonly fetchState?: boolean;
  /** 1–1000, default 100. */
  readonly pageSize?: number;
  readonly continuationToken?: string;
}

export interface EntityMetadata {
  readonly entityId: EntityId;
  /** `@name@key`. */
  readonly id: string;
  readonly lastOperationTime: Date;
  readonly state?: unknown;
}

export interface EntityPage {
  readonly entities: readonly EntityMetadata[];
  readonly continuationToken?: string;
}

export interface CleanEntityStorageResult {
  readonly numberOfEmptyEntitiesRemoved: number;
  readonly numberOfOrphanedLocksRemoved: number;
}

/** The entity half of the client: signal, read, list and clean up. */
export class EntityClient {
  constructor(
    private readonly provider: StorageProvider,
    private readonly clock: Clock,
    private readonly validator?: InputValidator,
  ) {}

  async signalEntity(entity: string | EntityId, operation: string, input?: unknown, options: { scheduledTime?: Date } = {}): Promise<void> {
    const parsed = parseEntityId(entity);
    const id = formatEntityId(parsed);
    // The empty string is an operation name too: the HTTP API signals it when `op` is omitted, as the extension does.
    if (typeof operation !== 'string') throw new InvalidArgumentError('operation', 'expected a string');
    const scheduled = options.scheduledTime;
    if (scheduled !== undefined && (!(scheduled instanceof Date) || Number.isNaN(scheduled.getTime()))) throw new InvalidArgumentError('scheduledTime', 'expected a valid Date');
    const encoded = encodeJson(input, `Input of entity operation '${operation}'`);
    this.validator?.validate({ kind: 'entity-operation', entity: parsed.name, operation }, decodeJson(encoded));
    const now = this.clock.now();
    const event = newHistoryEvent({ type: 'EntityOperation', operation, ...(encoded !== undefined ? { input: encoded } : {}) }, new Date(now).toISOString());
    await this.provider.sendToEntity(id, event, scheduled?.getTime() ?? now);
  }

  async readEntityState<T = unknown>(entity: string | EntityId): Promise<EntityStateResponse<T>> {
    const record = await this.provider.getInstance(formatEntityId(parseEntityId(entity)));
    const state = parseSchedulerState(record?.entityState);
    return state.exists ? { entityExists: true, entityState: decodeJson<T>(state.state) } : { entityExists: false };
  }

  /** One entity's metadata and state; undefined when it has no state (as `readEntityState` says `entityExists: false`). */
  async getEntityMetadata(entity: string | EntityId): Promise<EntityMetadata | undefined> {
    const parsed = parseEntityId(entity);
    const id = formatEntityId(parsed);
    const record = await this.provider.getInstance(id);
    const state = parseSchedulerState(record?.entityState);
    if (record === undefined || !state.exists) return undefined;
    return { entityId: parsed, id, lastOperationTime: record.lastUpdatedAt, state: decodeJson(state.state) };
  }

  async listEntities(query: EntityQuery = {}): Promise<EntityPage> {
    const pageSize = query.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new InvalidArgumentError('pageSize', 'expected an integer from 1 to 1000');
    const page = await this.provider.queryInstances({
      kind: 'entities',
      pageSize,
      ...(query.entityName !== undefined ? { instanceIdPrefix: `@${query.entityName.toLowerCase()}@` } : {}),
      ...(query.lastOperationTimeFrom !== undefined ? { updatedFrom: query.lastOperationTimeFrom.getTime() } : {}),
      ...(query.lastOperationTimeTo !== undefined ? { updatedTo: query.lastOperationTimeTo.getTime() } : {}),
      ...(query.continuationToken !== undefined ? { continuationToken: query.continuationToken } : {}),
    });
    const entities = page.instances.flatMap((record): EntityMetadata[] => {
      const state = parseSchedulerState(record.entityState);
      if (!state.exists) return [];
      return [{ entityId: parseEntityId(record.instanceId), id: record.instanceId, lastOperationTime: record.lastUpdatedAt, ...(query.fetchState === true ? { state: decodeJson(state.state) } : {}) }];
    });
    return { entities, ...(page.continuationToken !== undefined ? { continuationToken: page.continuationToken } : {}) };
  }

  /**
   * Removes entities that have no state, no lock and nothing waiting, and releases locks held by
   * orchestrations that no longer run (by sending the entity the unlock they never sent).
   */
  async cleanEntityStorage(options: { removeEmptyEntities?: boolean; releaseOrphanedLocks?: boolean } = {}): Promise<CleanEntityStorageResult> {
    let removed = 0;
    let released = 0;
    let token: string | undefined;
    do {
      const page = await this.provider.queryInstances({ kind: 'entities', pageSize: 500, ...(token !== undefined ? { continuationToken: token } : {}) });
      for (const record of page.instances) {
        const state = parseSchedulerState(record.entityState);
        if (options.releaseOrphanedLocks !== false && state.lock !== undefined) {
          const owner = await this.provider.getInstance(state.lock.owner);
          if (owner === undefined || isTerminalStatus(owner.runtimeStatus)) {
            const now = this.clock.now();
            await this.provider.sendToEntity(record.instanceId, newHistoryEvent({ type: 'EntityUnlocked', criticalSectionId: state.lock.criticalSectionId }, new Date(now).toISOString()), now);
            released++;
          }
        } else if (options.removeEmptyEntities !== false && !state.exists && state.queue.length === 0) {
          if (await this.provider.deleteEntityIfIdle(record.instanceId, record.entityState, this.clock.now())) removed++;
        }
      }
      token = page.continuationToken;
    } while (token !== undefined);
    return { numberOfEmptyEntitiesRemoved: removed, numberOfOrphanedLocksRemoved: released };
  }
}
