import { randomUUID } from 'node:crypto';
import type { Clock } from '../model/clock';
import { FunctionNotFoundError } from '../model/errors/function-not-found-error';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { WaitTimeoutError } from '../model/errors/wait-timeout-error';
import { InstanceNotFoundError } from '../model/errors/instance-not-found-error';
import { InstanceNotRunningError } from '../model/errors/instance-not-running-error';
import { assertValidFunctionName } from '../model/function-name';
import type { HistoryEvent } from '../model/history-event';
import { assertValidInstanceId } from '../model/instance-id';
import { assertValidTaskHubName } from '../model/task-hub-name';
import { decodeJson, encodeJson } from '../model/json-codec';
import { isTerminalStatus } from '../model/runtime-status';
import type { StorageProvider } from '../storage/storage-provider';
import type { NewInstance } from '../storage/storage-records';
import type { EagerStarter } from '../storage/eager-starter';
import type { GetStatusOptions, OrchestrationStatus, StartOrchestrationOptions, WaitForCompletionOptions } from './orchestration-status';
import type { PurgeFilter, StatusPage, StatusQuery } from './status-query';
import { toFilter } from './status-query';
import { rewindInstance } from './rewind-instance';
import { EntityClient, type CleanEntityStorageResult, type EntityMetadata, type EntityPage, type EntityQuery, type EntityStateResponse } from './entity-client';
import type { EntityId } from '../model/entity-id';
import { toStatus } from './status-mapping';
import { InstanceStillRunningError } from '../model/errors/instance-still-running-error';
import { createOrchestrationStarters, type OrchestrationStarters } from './typed-orchestration-starters';
import { createEntityClientProxies, type EntityClientProxies } from './typed-entity-client-proxies';
import { newHistoryEvent } from '../model/history-event-factory';
import type { InputValidator } from '../model/input-schemas';
import { withStartSpan } from '../telemetry/client-span';

/** What the client needs to know about registered orchestrators, when it runs inside a host. */
export interface OrchestratorCatalog {
  /** The declared name (for a case-insensitive match) and default version, or undefined if unknown. */
  findOrchestrator(name: string): { name: string; version?: string } | undefined;
  orchestratorNames(): readonly string[];
}

/** Starts, inspects and waits for orchestration instances. Inject it, or take it from the host. */
export class DurableClient {
  constructor(
    private readonly provider: StorageProvider,
    private readonly clock: Clock,
    private readonly catalog?: OrchestratorCatalog,
    private readonly defaultVersion?: string,
    /** Checks inputs against the declared types (codegen's schemas) before anything is stored. */
    private readonly validator?: InputValidator,
    /** The worker of this process that takes eager starts (see EagerStarter), if any, when asked. */
    private readonly eagerStarter?: () => EagerStarter | undefined,
  ) {
    this.entityClient = new EntityClient(provider, clock, validator);
  }

  /** One-way message to an entity (created on its first operation); `scheduledTime` delays it. */
  signalEntity(entity: string | EntityId, operation: string, input?: unknown, options?: { scheduledTime?: Date }): Promise<void> {
    return this.entityClient.signalEntity(entity, operation, input, options);
  }

  /** The entity's last committed state: `{ entityExists, entityState }`. */
  readEntityState<T = unknown>(entity: string | EntityId): Promise<EntityStateResponse<T>> {
    return this.entityClient.readEntityState<T>(entity);
  }

  /** One entity's last operation time and state; undefined when it has no state. */
  getEntityMetadata(entity: string | EntityId): Promise<EntityMetadata | undefined> {
    return this.entityClient.getEntityMetadata(entity);
  }

  listEntities(query?: EntityQuery): Promise<EntityPage> {
    return this.entityClient.listEntities(query);
  }

  cleanEntityStorage(options?: { removeEmptyEntities?: boolean; releaseOrphanedLocks?: boolean }): Promise<CleanEntityStorageResult> {
    return this.entityClient.cleanEntityStorage(options);
  }

  /**
   * Typed starters, one per orchestrator that codegen found:
   * `await client.orchestrations.E1_HelloSequence.start()` returns a typed OrchestrationHandle.
   */
  readonly orchestrations: OrchestrationStarters = createOrchestrationStarters(this);

  /**
   * Typed entity proxies, one per entity that codegen found:
   * `await client.entities.Counter('steps').signal.add(5)` and `.readState()` (typed state).
   */
  readonly entities: EntityClientProxies = createEntityClientProxies(this);

  private readonly entityClient: EntityClient;

  get taskHubName(): string {
    return this.provider.hubName;
  }

  /**
   * A client of another task hub in the same storage (Durable Functions' task hub binding, for
   * cross-app clients and side-by-side deployments). It knows nothing of that hub's functions, so
   * `startNew` takes any orchestrator name there and inputs are not checked against this app's
   * types. Binding does not check that the hub exists (see `listTaskHubs`); on PostgreSQL, using
   * a binding to a new name registers that hub.
   */
  forHub(hubName: string): DurableClient {
    assertValidTaskHubName(hubName);
    if (hubName === this.taskHubName) return this;
    return new DurableClient(this.provider.forHub(hubName), this.clock);
  }

  /** The task hubs the storage holds, sorted (see `StorageProvider.listHubs`). */
  listTaskHubs(): Promise<string[]> {
    return this.provider.listHubs();
  }

  /**
   * Deletes this client's task hub: every instance, history, entity, queued message and work
   * item of it, and nothing of another hub, in one transaction (Durable Functions' DeleteTaskHub).
   * Stop the hub's workers first.
   */
  deleteHub(): Promise<void> {
    return this.provider.deleteHub();
  }

  /**
   * Starts a new instance and returns its id. An id whose instance exists and has not finished
   * is refused with InstanceAlreadyExistsError, atomically; a finished one is replaced (unless
   * `idReuse` is 'never', which refuses it too).
   */
  async startNew<TInput = unknown>(name: string, options: StartOrchestrationOptions<TInput> = {}): Promise<string> {
    assertValidFunctionName(name);
    const found = this.catalog?.findOrchestrator(name);
    if (this.catalog !== undefined && found === undefined) {
      throw new FunctionNotFoundError('orchestrator', name, this.catalog.orchestratorNames());
    }
    const instanceId = options.instanceId ?? randomUUID().replace(/-/g, '');
    assertValidInstanceId(instanceId);
    if (options.version !== undefined && typeof options.version !== 'string') {
      throw new InvalidArgumentError('version', 'expected a string');
    }
    const input = encodeJson(options.input, `Input of orchestration '${name}'`);
    // What the orchestrator will read is the stored JSON, so that is what is checked.
    this.validator?.validate({ kind: 'orchestrator', name: found?.name ?? name }, decodeJson(input));
    const version = options.version ?? found?.version ?? this.defaultVersion;
    const now = this.clock.now();
    const executionId = randomUUID();
    const declaredName = found?.name ?? name;
    // The start runs in a producer span; its context, stored with ExecutionStarted, is the
    // instance span's parent wherever and whenever the instance runs.
    await withStartSpan(declaredName, instanceId, (parentTraceContext) => {
      const instance: NewInstance = {
        instanceId,
        executionId,
        name: declaredName,
        createdAt: now,
        ...(version !== undefined ? { version } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(options.idReuse !== undefined ? { idReuse: options.idReuse } : {}),
        startEvent: newHistoryEvent(
          {
            type: 'ExecutionStarted',
            name: declaredName,
            instanceId,
            executionId,
            ...(version !== undefined ? { version } : {}),
            ...(input !== undefined ? { input } : {}),
            ...(parentTraceContext !== undefined ? { parentTraceContext } : {}),
          },
          new Date(now).toISOString(),
        ),
      };
      return this.create(instance);
    });
    return instanceId;
  }

  /**
   * Creates the instance; with a worker in this process that has room, as an eager start: that
   * worker runs the first episode at once instead of claiming it, and where the storage can, stores
   * the instance and that episode in one transaction (the start then answers once both are stored).
   */
  private async create(instance: NewInstance): Promise<void> {
    const starter = this.eagerStarter?.();
    const lease = starter?.reserve(instance.instanceId, instance.name);
    if (starter === undefined || lease === undefined) {
      await this.provider.createInstance(instance);
      return;
    }
    await starter.start({ ...instance, lease }, (start) => this.provider.createInstance(start));
  }

  /**
   * Sends an event to a running instance (names are case-insensitive; an event nobody waits for
   * yet is buffered). Throws InstanceNotFoundError or InstanceNotRunningError, sending nothing.
   */
  async raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void> {
    if (typeof eventName !== 'string' || eventName.length === 0) throw new InvalidArgumentError('event name', 'expected a non-empty string');
    const input = encodeJson(eventData, `Data of event '${eventName}'`);
    if (this.validator?.checksEvents === true) await this.validateEvent(instanceId, eventName, decodeJson(input));
    await this.send(instanceId, 'raise an event to', (timestamp) => newHistoryEvent({ type: 'EventRaised', name: eventName, ...(input !== undefined ? { input } : {}) }, timestamp));
  }

  /**
   * Checks an event's data against the payload type its orchestrator declares. The instance's
   * name is read first (only when some orchestrator declares events); an unknown instance is left
   * to `send`, which reports it.
   */
  private async validateEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    assertValidInstanceId(instanceId);
    const record = await this.provider.getInstance(instanceId);
    if (record !== undefined) this.validator?.validate({ kind: 'event', orchestrator: record.name, event: eventName }, data);
  }

  /** Ends a running instance as Terminated with `reason` as its output; late results are ignored. */
  async terminate(instanceId: string, reason?: string): Promise<void> {
    const input = encodeJson(reason, 'Termination reason');
    await this.send(instanceId, 'terminate', (timestamp) => newHistoryEvent({ type: 'ExecutionTerminated', ...(input !== undefined ? { input } : {}) }, timestamp));
  }

  /** Pauses an instance: events that arrive are held until `resume`. Suspending twice changes nothing. */
  async suspend(instanceId: string, reason?: string): Promise<void> {
    await this.send(instanceId, 'suspend', (timestamp) => newHistoryEvent({ type: 'ExecutionSuspended', ...(reason !== undefined ? { reason: String(reason) } : {}) }, timestamp));
  }

  /** Resumes a suspended instance and delivers what it held, in arrival order. */
  async resume(instanceId: string, reason?: string): Promise<void> {
    await this.send(instanceId, 'resume', (timestamp) => newHistoryEvent({ type: 'ExecutionResumed', ...(reason !== undefined ? { reason: String(reason) } : {}) }, timestamp));
  }

  private async send(instanceId: string, operation: string, event: (timestamp: string) => HistoryEvent): Promise<void> {
    assertValidInstanceId(instanceId);
    const now = this.clock.now();
    const outcome = await this.provider.sendToInstance(instanceId, event(new Date(now).toISOString()), now);
    if (outcome.kind === 'not-found') throw new InstanceNotFoundError(instanceId);
    if (outcome.kind === 'not-running') throw new InstanceNotRunningError(instanceId, outcome.runtimeStatus, operation);
  }

  /** The instance's status, or undefined when no instance has that id. */
  async getStatus<TInput = unknown, TOutput = unknown>(
    instanceId: string,
    options: GetStatusOptions = {},
  ): Promise<OrchestrationStatus<TInput, TOutput> | undefined> {
    assertValidInstanceId(instanceId);
    const record = await this.provider.getInstance(instanceId);
    if (record === undefined) return undefined;
    const history = options.showHistory === true ? await this.provider.getHistory(instanceId) : undefined;
    return toStatus<TInput, TOutput>(record, options, history);
  }

  /**
   * A page of instance statuses matching the filter, oldest first. Pass the returned
   * continuationToken to get the next page; paging neither skips nor repeats instances while new
   * ones are created.
   */
  async getStatusBy(query: StatusQuery = {}): Promise<StatusPage> {
    const pageSize = query.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new InvalidArgumentError('pageSize', 'expected an integer from 1 to 1000');
    const filter = toFilter(query);
    if (filter === undefined) return { instances: [] };
    const page = await this.provider.queryInstances({ ...filter, pageSize, ...(query.continuationToken !== undefined ? { continuationToken: query.continuationToken } : {}) });
    return {
      instances: page.instances.map((record) => toStatus(record, { showInput: query.showInput !== false }, undefined)),
      ...(page.continuationToken !== undefined ? { continuationToken: page.continuationToken } : {}),
    };
  }

  /** Deletes a finished instance and its history. Throws for an unknown or still running instance. */
  async purgeInstanceHistory(instanceId: string): Promise<{ instancesDeleted: number }> {
    assertValidInstanceId(instanceId);
    const record = await this.provider.getInstance(instanceId);
    if (record === undefined) throw new InstanceNotFoundError(instanceId);
    if (!isTerminalStatus(record.runtimeStatus)) throw new InstanceStillRunningError(instanceId, record.runtimeStatus, 'purge');
    return { instancesDeleted: await this.provider.purgeInstances({ instanceId }) };
  }

  /** Deletes every finished instance that matches the filter; live instances are never purged. */
  async purgeInstanceHistoryBy(filter: PurgeFilter): Promise<{ instancesDeleted: number }> {
    const storageFilter = toFilter(filter);
    return { instancesDeleted: storageFilter === undefined ? 0 : await this.provider.purgeInstances(storageFilter) };
  }

  /**
   * Rewinds a Failed instance into Running: the failures of its last episode (and of the failed
   * sub-orchestrations behind them) are undone and that work runs again; handled steps are kept.
   * Throws InstanceNotFoundError, or InstanceNotFailedError naming the status found.
   */
  async rewind(instanceId: string, reason?: string): Promise<void> {
    assertValidInstanceId(instanceId);
    await rewindInstance(this.provider, instanceId, reason, this.clock.now());
  }

  /**
   * Starts the orchestration of an existing instance again with its original input: under a new
   * id (the default, or `newInstanceId`), or under the same id once it has finished.
   */
  async restart(instanceId: string, options: { newInstanceId?: string | false } = {}): Promise<string> {
    assertValidInstanceId(instanceId);
    const record = await this.provider.getInstance(instanceId);
    if (record === undefined) throw new InstanceNotFoundError(instanceId);
    const target = options.newInstanceId === false ? instanceId : options.newInstanceId;
    return this.startNew(record.name, {
      ...(target !== undefined ? { instanceId: target } : {}),
      input: decodeJson(record.input),
      ...(record.version !== undefined ? { version: record.version } : {}),
    });
  }

  /**
   * Resolves with the status once the instance is Completed, Failed or Terminated; throws
   * WaitTimeoutError after `timeoutMs` and InstanceNotFoundError for an unknown id.
   */
  async waitForCompletion<TOutput = unknown>(instanceId: string, options: WaitForCompletionOptions = {}): Promise<OrchestrationStatus<unknown, TOutput>> {
    assertValidInstanceId(instanceId);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const pollMs = options.pollIntervalMs ?? 1_000;
    // The deadline is on the host's clock, like every other time: under a virtual clock the
    // wait ends when the test advances past it (a jump wakes the wait to check), not in real time.
    const deadline = this.clock.now() + timeoutMs;
    let wake: (() => void) | undefined;
    let changed = false;
    const unsubscribeChanges = this.provider.onChange((change) => {
      if (change.kind !== 'instance' || change.instanceId !== instanceId) return;
      // A commit that says it left the instance running cannot end the wait: no read for it.
      if (change.runtimeStatus !== undefined && !isTerminalStatus(change.runtimeStatus)) return;
      changed = true;
      wake?.();
    });
    const unsubscribeClock = this.clock.onAdvance?.(() => wake?.());
    const unsubscribe = (): void => {
      unsubscribeChanges();
      unsubscribeClock?.();
    };
    try {
      for (;;) {
        changed = false;
        const status = await this.getStatus<unknown, TOutput>(instanceId);
        if (status === undefined) throw new InstanceNotFoundError(instanceId);
        if (isTerminalStatus(status.runtimeStatus)) return status;
        const remaining = deadline - this.clock.now();
        if (remaining <= 0) throw new WaitTimeoutError(instanceId, timeoutMs);
        if (changed) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollMs, remaining));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      unsubscribe();
    }
  }
}
