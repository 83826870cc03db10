import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { toFailureDetails, type FailureDetails } from '../model/failure-details';
import { formatEntityId, parseEntityId, type EntityId } from '../model/entity-id';
import type { EntityLockRequestedEvent, EntityOperationEvent, HistoryEvent } from '../model/history-event';
import { assertValidInstanceId } from '../model/instance-id';
import { decodeJson } from '../model/json-codec';
import { encodeLimitedJson } from '../model/payload-limits';
import { bindEntityContext, type EntityContext } from './entity-context';
import type { EntityDescriptor } from './entity-descriptor';
import type { EntityFunctionContext } from './entity-function-context';
import { isEntityInboxEvent, type EntityInboxEvent, type EntitySchedulerState } from './entity-scheduler-state';
import { newHistoryEvent } from '../model/history-event-factory';

/** A message the batch sends: an answer, a forwarded lock request, a signal. */
export interface EntityOutgoingMessage {
  readonly instanceId: string;
  readonly event: HistoryEvent;
  readonly visibleAt: number;
}

export interface EntityStartedOrchestration {
  readonly name: string;
  readonly instanceId: string;
  readonly input?: string;
}

export interface EntityBatchInput {
  readonly entity: EntityId;
  /** Undefined when no class declares this entity name: every operation fails. */
  readonly descriptor: EntityDescriptor | undefined;
  readonly state: EntitySchedulerState;
  readonly messages: ReadonlyArray<{ readonly messageId: number; readonly event: HistoryEvent }>;
  readonly maxOperations: number;
  /** Largest payload (JSON bytes) an operation may produce: state, result, messages; larger fails the operation. */
  readonly maxPayloadBytes?: number | undefined;
  readonly now: number;
  readonly newInstanceId: () => string;
}

export interface EntityBatchResult {
  /** The inbox messages this batch took (the rest wait for the next batch). */
  readonly consumedMessageIds: readonly number[];
  readonly state: EntitySchedulerState;
  readonly messages: readonly EntityOutgoingMessage[];
  readonly startedOrchestrations: readonly EntityStartedOrchestration[];
  readonly operations: number;
  /** Signalled operations (no caller waits for an answer) that threw: the worker logs them. */
  readonly failedSignals: readonly EntityFailedSignal[];
}

/** A one-way operation that failed; its caller never hears of it, so it must be logged. */
export interface EntityFailedSignal {
  readonly operation: string;
  readonly failureDetails: FailureDetails;
}

/**
 * Runs one batch of an entity's inbox, one message at a time, in order: operations (a failed one
 * rolls back its state changes and its messages; the batch goes on), lock requests (grant or
 * forward along the lock set) and unlocks (then the messages deferred while locked run).
 */
export async function executeEntityBatch(input: EntityBatchInput): Promise<EntityBatchResult> {
  const run = new EntityBatchRun(input);
  const consumed: number[] = [];
  for (const message of input.messages) {
    if (run.operations >= input.maxOperations) break;
    consumed.push(message.messageId);
    if (isEntityInboxEvent(message.event)) await run.deliver(message.event);
  }
  return { consumedMessageIds: consumed, state: run.state, messages: run.out, startedOrchestrations: run.starts, operations: run.operations, failedSignals: run.failedSignals };
}

class EntityBatchRun {
  readonly state: EntitySchedulerState;
  readonly out: EntityOutgoingMessage[] = [];
  readonly starts: EntityStartedOrchestration[] = [];
  readonly failedSignals: EntityFailedSignal[] = [];
  operations = 0;
  private readonly id: string;
  private readonly timestamp: string;

  constructor(private readonly input: EntityBatchInput) {
    this.state = { ...input.state, queue: [...input.state.queue] };
    this.id = formatEntityId(input.entity);
    this.timestamp = new Date(input.now).toISOString();
  }

  async deliver(event: EntityInboxEvent): Promise<void> {
    if (event.type === 'EntityUnlocked') {
      if (this.state.lock?.criticalSectionId !== event.criticalSectionId) return;
      delete this.state.lock;
      while (this.state.lock === undefined && this.state.queue.length > 0) await this.deliver(this.state.queue.shift() as EntityInboxEvent);
      return;
    }
    if (this.state.lock !== undefined && event.criticalSectionId !== this.state.lock.criticalSectionId) {
      this.state.queue.push(event);
      return;
    }
    if (event.type === 'EntityLockRequested') this.lock(event);
    else await this.operate(event);
  }

  private lock(event: EntityLockRequestedEvent): void {
    this.state.lock = { criticalSectionId: event.criticalSectionId, owner: event.replyTo.instanceId };
    const next = event.lockSet[event.position + 1];
    if (next !== undefined) {
      this.send(next, { ...event, position: event.position + 1, timestamp: this.timestamp });
      return;
    }
    const { replyTo } = event;
    this.send(
      replyTo.instanceId,
      newHistoryEvent(
        {
          type: 'EntityLockGranted',
          taskScheduledId: replyTo.taskScheduledId,
          criticalSectionId: event.criticalSectionId,
          lockSet: event.lockSet,
          parentExecutionId: replyTo.executionId,
        },
        this.timestamp,
      ),
    );
  }

  private encode(value: unknown, what: string): string | undefined {
    return encodeLimitedJson(value, what, this.input.maxPayloadBytes);
  }

  private async operate(event: EntityOperationEvent): Promise<void> {
    this.operations++;
    const before = { exists: this.state.exists, state: this.state.state };
    const outBefore = this.out.length;
    const startsBefore = this.starts.length;
    try {
      const result = this.encode(await this.invoke(event), `Result of entity operation '${event.operation}'`);
      if (event.replyTo !== undefined) {
        const { replyTo } = event;
        this.send(replyTo.instanceId, newHistoryEvent({ type: 'EntityOperationCompleted', taskScheduledId: replyTo.taskScheduledId, parentExecutionId: replyTo.executionId, ...(result !== undefined ? { result } : {}) }, this.timestamp));
      }
    } catch (error) {
      this.state.exists = before.exists;
      if (before.state === undefined) delete this.state.state;
      else this.state.state = before.state;
      this.out.length = outBefore;
      this.starts.length = startsBefore;
      const failureDetails = toFailureDetails(error);
      if (event.replyTo !== undefined) {
        const { replyTo } = event;
        this.send(replyTo.instanceId, newHistoryEvent({ type: 'EntityOperationFailed', taskScheduledId: replyTo.taskScheduledId, parentExecutionId: replyTo.executionId, failureDetails }, this.timestamp));
      } else {
        this.failedSignals.push({ operation: event.operation, failureDetails });
      }
    }
  }

  private async invoke(event: EntityOperationEvent): Promise<unknown> {
    const descriptor = this.input.descriptor;
    if (descriptor === undefined) throw new InvalidArgumentError('entity', `no entity class is registered for '${this.input.entity.name}'`);
    if (descriptor.dispatch !== undefined) return this.dispatch(descriptor, event);
    const method = descriptor.operations.get(event.operation.toLowerCase());
    if (method === undefined) {
      if (event.operation.toLowerCase() !== 'delete') {
        throw new InvalidArgumentError('operation', `entity '${descriptor.name}' has no operation '${event.operation}'; it has ${[...descriptor.operations.keys()].join(', ')}, delete`);
      }
      this.state.exists = false;
      delete this.state.state;
      return undefined;
    }
    const target = descriptor.create();
    if (this.state.exists) descriptor.restore(target, decodeJson(this.state.state));
    let deleted = false;
    const unbind = bindEntityContext(target, this.context(event.operation, () => (deleted = true), () => this.state.exists && !deleted));
    let result: unknown;
    try {
      result = await (target as Record<string | symbol, (arg: unknown) => unknown>)[method]!.call(target, decodeJson(event.input));
    } finally {
      unbind();
    }
    if (deleted) {
      this.state.exists = false;
      delete this.state.state;
    } else {
      this.state.exists = true;
      this.state.state = this.encode(descriptor.capture(target), `State of entity '${this.id}'`) ?? 'null';
    }
    return result;
  }

  /** A function-based entity: one handler, state through getState/setState, result through return(). */
  private async dispatch(descriptor: EntityDescriptor, event: EntityOperationEvent): Promise<unknown> {
    const holder = descriptor.create();
    let state: unknown = this.state.exists ? decodeJson(this.state.state) : undefined;
    let exists = this.state.exists;
    let deleted = false;
    let returned: { value: unknown } | undefined;
    const base = this.context(event.operation, () => (deleted = true), () => exists && !deleted);
    const context: EntityFunctionContext = {
      ...base,
      // A spread copies a getter's value once: this one must follow setState and deleteState.
      get hasState() {
        return exists && !deleted;
      },
      getInput: <T>() => decodeJson<T>(event.input),
      getState: (initializer) => {
        if (!exists && initializer !== undefined) {
          state = initializer();
          exists = true;
        }
        return state;
      },
      setState: (value) => {
        state = value;
        exists = true;
        deleted = false;
      },
      return: (value) => {
        returned = { value };
      },
    };
    const result = await descriptor.dispatch!(holder, context);
    if (deleted || !exists) {
      this.state.exists = false;
      delete this.state.state;
    } else {
      this.state.exists = true;
      this.state.state = this.encode(state, `State of entity '${this.id}'`) ?? 'null';
    }
    return returned !== undefined ? returned.value : result;
  }

  private context(operationName: string, deleteState: () => void, hasState: () => boolean): EntityContext {
    return {
      entityName: this.input.entity.name,
      entityKey: this.input.entity.key,
      entityId: this.id,
      operationName,
      get hasState() {
        return hasState();
      },
      signalEntity: (entity, operation, input, options) => {
        const target = formatEntityId(parseEntityId(entity));
        const encoded = this.encode(input, `Input of entity operation '${operation}'`);
        const at = options?.scheduledTime?.getTime() ?? this.input.now;
        this.out.push({ instanceId: target, visibleAt: at, event: newHistoryEvent({ type: 'EntityOperation', operation, ...(encoded !== undefined ? { input: encoded } : {}) }, this.timestamp) });
      },
      startNewOrchestration: (name, input, instanceId) => {
        const id = instanceId ?? this.input.newInstanceId();
        assertValidInstanceId(id);
        const encoded = this.encode(input, `Input of orchestration '${name}'`);
        this.starts.push({ name, instanceId: id, ...(encoded !== undefined ? { input: encoded } : {}) });
        return id;
      },
      deleteState,
    };
  }

  private send(instanceId: string, event: HistoryEvent): void {
    this.out.push({ instanceId, event, visibleAt: this.input.now });
  }
}
