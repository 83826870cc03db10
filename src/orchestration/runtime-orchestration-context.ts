import { CustomStatusTooLargeError } from '../model/errors/custom-status-too-large-error';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import { OrchestrationContextRequiredError } from '../model/errors/orchestration-context-required-error';
import { assertValidFunctionName } from '../model/function-name';
import { assertValidInstanceId } from '../model/instance-id';
import { decodeJson, encodeJson, utf8Length } from '../model/json-codec';
import { WhenAllTask, WhenAnyTask, type WhenAnyResult } from './composite-tasks';
import { deterministicGuid } from './deterministic-guid';
import { DurableTask, type TaskResult } from './durable-task';
import { MAX_CUSTOM_STATUS_BYTES, type OrchestrationContext } from './orchestration-context';
import { describeAction, type OrchestratorAction } from './orchestrator-action';
import type { ReplaySafeLogger } from './replay-safe-logger';
import { RetryableTask } from './retryable-task';
import { assertValidRetryOptions, type SubOrchestrationOptions, type TaskOptions } from './retry-options';
import { TimerTask } from './timer-task';
import { HTTP_ACTIVITY_NAME, prepareDurableHttpRequest, type DurableHttpRequest, type DurableHttpResponse } from './durable-http';
import { DurableHttpTask } from './durable-http-task';
import { EntityMessaging, type EntityLock } from './entity-messaging';
import type { EntityId } from '../model/entity-id';
import { createNamedCallProxy, type ActivityProxies, type SubOrchestrationProxies } from './typed-call-proxies';
import { createEntityProxies, type EntityProxies } from './typed-entity-proxies';

/** What a history event says was scheduled at a step, for comparison with what the code did. */
export interface RecordedAction {
  readonly kind: OrchestratorAction['kind'];
  readonly name?: string;
  /** For EventSent: the entity the message went to. */
  readonly target?: string;
  readonly description: string;
}

/** The state an orchestrator's code builds up while it runs; driven by OrchestrationExecutor. */
export class RuntimeOrchestrationContext implements OrchestrationContext {
  isReplaying = false;
  active = false;
  currentUtc = new Date(0);
  name = '';
  version = '';
  input: string | undefined;
  customStatus: string | undefined;
  customStatusChanged = false;
  log!: ReplaySafeLogger;
  readonly activities: ActivityProxies = createNamedCallProxy((name, input, options) => this.callActivity(name, input, options as TaskOptions | undefined));
  readonly orchestrations: SubOrchestrationProxies = createNamedCallProxy((name, input, options) =>
    this.callSubOrchestrator(name, input, options as SubOrchestrationOptions | undefined),
  );
  readonly entities: EntityProxies = createEntityProxies({
    call: (entity, operation, input) => this.callEntity(entity, operation, input),
    signal: (entity, operation, input, options) => this.signalEntity(entity, operation, input, options),
  });

  private sequence = 0;
  private guidCounter = 0;
  private readonly pending = new Map<number, OrchestratorAction>();
  private readonly open = new Map<number, DurableTask<unknown>>();
  private readonly taskNames = new Map<number, string>();
  private readonly eventWaiters = new Map<string, DurableTask<unknown>[]>();
  private readonly eventBuffer = new Map<string, Array<{ name: string; input: string | undefined; seq: number }>>();
  private eventSeq = 0;
  /** Set by continueAsNew; takes effect when the orchestrator function returns. */
  continuation: { input: string | undefined; preserveUnprocessedEvents: boolean } | undefined;

  executionId = '';
  /** Entity calls, signals and critical sections. */
  readonly entityMessaging: EntityMessaging;

  constructor(readonly instanceId: string) {
    this.entityMessaging = new EntityMessaging({
      instanceId,
      executionId: () => this.executionId,
      nextStep: () => this.sequence++,
      schedule: (action) => this.pending.set(action.id, action),
      openTask: <T>(id: number, name: string) => this.openTask<T>(id, name),
      newGuid: () => this.newGuid(),
    });
  }

  signalEntity(entity: string | EntityId, operation: string, input?: unknown, options: { scheduledTime?: Date } = {}): void {
    this.guard('signalEntity');
    this.entityMessaging.signal(entity, operation, input, options.scheduledTime);
  }

  callEntity<TResult = unknown>(entity: string | EntityId, operation: string, input?: unknown): DurableTask<TResult> {
    this.guard('callEntity');
    return this.entityMessaging.call<TResult>(entity, operation, input);
  }

  lock(...entities: Array<string | EntityId>): DurableTask<EntityLock> {
    this.guard('lock');
    return this.entityMessaging.lock(entities);
  }

  get currentUtcDateTime(): Date {
    return new Date(this.currentUtc.getTime());
  }

  getInput<T>(): T {
    return decodeJson<T>(this.input);
  }

  callActivity<TResult = unknown>(name: string, input?: unknown, options?: TaskOptions): DurableTask<TResult> {
    this.guard('callActivity');
    assertValidFunctionName(name);
    const encoded = encodeJson(input, `Input of activity '${name}'`);
    return this.withRetry(options, () => this.scheduleActivity<TResult>(name, encoded));
  }

  callSubOrchestrator<TResult = unknown>(name: string, input?: unknown, options: SubOrchestrationOptions = {}): DurableTask<TResult> {
    this.guard('callSubOrchestrator');
    assertValidFunctionName(name);
    this.entityMessaging.assertNotInCriticalSection(`starting sub-orchestration '${name}'`);
    if (options.instanceId !== undefined) assertValidInstanceId(options.instanceId);
    const encoded = encodeJson(input, `Input of sub-orchestration '${name}'`);
    return this.withRetry(options, () => {
      const id = this.sequence++;
      const instanceId = options.instanceId ?? `${this.instanceId}:${id.toString(16).padStart(4, '0')}`;
      this.pending.set(id, {
        kind: 'CreateSubOrchestration',
        id,
        name,
        instanceId,
        ...(encoded !== undefined ? { input: encoded } : {}),
        ...(options.version !== undefined ? { version: options.version } : {}),
      });
      return this.openTask<TResult>(id, name);
    });
  }

  continueAsNew(input?: unknown, options: { preserveUnprocessedEvents?: boolean } = {}): void {
    this.guard('continueAsNew');
    this.continuation = { input: encodeJson(input, 'Input of continueAsNew'), preserveUnprocessedEvents: options.preserveUnprocessedEvents === true };
  }

  /** Events buffered (raised, never waited for), in arrival order, for continue-as-new. */
  unprocessedEvents(): Array<{ name: string; input: string | undefined }> {
    return [...this.eventBuffer.values()].flat().sort((a, b) => a.seq - b.seq).map(({ name, input }) => ({ name, input }));
  }

  /** @internal */
  openTask<T>(id: number, name: string): DurableTask<T> {
    const task = new DurableTask<T>();
    this.open.set(id, task as DurableTask<unknown>);
    this.taskNames.set(id, name);
    return task;
  }

  private withRetry<T>(options: TaskOptions | undefined, schedule: () => DurableTask<T>): DurableTask<T> {
    if (options?.retry === undefined) return schedule();
    assertValidRetryOptions(options.retry);
    const start = this.currentUtcDateTime;
    return new RetryableTask<T>(options.retry, schedule, (fireAt) => this.createTimer(fireAt), () => this.currentUtcDateTime, start).begin();
  }

  private scheduleActivity<TResult>(name: string, encoded: string | undefined): DurableTask<TResult> {
    const id = this.sequence++;
    this.pending.set(id, { kind: 'ScheduleTask', id, name, ...(encoded !== undefined ? { input: encoded } : {}) });
    return this.openTask<TResult>(id, name);
  }

  /** The name of the activity scheduled at step `id`, for error messages. */
  taskName(id: number): string {
    return this.taskNames.get(id) ?? `#${id}`;
  }

  createTimer(fireAt: Date): TimerTask {
    this.guard('createTimer');
    if (!(fireAt instanceof Date) || Number.isNaN(fireAt.getTime())) {
      throw new InvalidArgumentError('timer due time', 'expected a valid Date');
    }
    const id = this.sequence++;
    this.pending.set(id, { kind: 'CreateTimer', id, fireAt: fireAt.toISOString() });
    const task = new TimerTask(id, new Date(fireAt.getTime()));
    this.open.set(id, task as DurableTask<unknown>);
    return task;
  }

  callHttp(request: DurableHttpRequest): DurableTask<DurableHttpResponse> {
    this.guard('callHttp');
    const prepared = prepareDurableHttpRequest(request);
    return new DurableHttpTask(
      prepared,
      (input) => this.callActivity<DurableHttpResponse>(HTTP_ACTIVITY_NAME, input),
      (fireAt) => this.createTimer(fireAt),
      () => this.currentUtcDateTime,
    ).begin();
  }

  waitForExternalEvent<T = unknown>(name: string): DurableTask<T> {
    this.guard('waitForExternalEvent');
    if (typeof name !== 'string' || name.length === 0) throw new InvalidArgumentError('event name', 'expected a non-empty string');
    const key = name.toLowerCase();
    const task = new DurableTask<T>();
    const buffered = this.eventBuffer.get(key);
    if (buffered !== undefined && buffered.length > 0) {
      task.complete(decodeJson<T>(buffered.shift()?.input));
      return task;
    }
    const waiters = this.eventWaiters.get(key) ?? [];
    waiters.push(task as DurableTask<unknown>);
    this.eventWaiters.set(key, waiters);
    return task;
  }

  all<T extends readonly DurableTask<unknown>[] | []>(tasks: T): DurableTask<{ -readonly [K in keyof T]: TaskResult<T[K]> }> {
    this.guard('all');
    return new WhenAllTask(tasks);
  }

  any<T extends DurableTask<unknown>>(tasks: readonly T[]): DurableTask<WhenAnyResult<T>> {
    this.guard('any');
    if (tasks.length === 0) throw new InvalidArgumentError('tasks', 'ctx.any needs at least one task');
    return new WhenAnyTask(tasks);
  }

  newGuid(): string {
    this.guard('newGuid');
    return deterministicGuid(this.instanceId, this.currentUtc, this.guidCounter++);
  }

  setCustomStatus(value: unknown): void {
    this.guard('setCustomStatus');
    const encoded = encodeJson(value, 'Custom status') ?? 'null';
    const size = utf8Length(encoded);
    if (size > MAX_CUSTOM_STATUS_BYTES) throw new CustomStatusTooLargeError(size, MAX_CUSTOM_STATUS_BYTES);
    this.customStatus = encoded;
    this.customStatusChanged = true;
  }

  /** History recorded an action at step `id`: the code must have scheduled the same one. */
  confirmAction(id: number, recorded: RecordedAction): void {
    const action = this.pending.get(id);
    if (action === undefined) {
      throw new NonDeterministicOrchestrationError(
        this.instanceId,
        id,
        recorded.description,
        `did not schedule anything at that step (it made ${this.sequence} durable calls so far)`,
      );
    }
    const sameName = recorded.name === undefined || (action.kind !== 'CreateTimer' && action.name === recorded.name && (action.kind !== 'SendEntityMessage' || recorded.target === action.target));
    if (action.kind !== recorded.kind || !sameName) {
      throw new NonDeterministicOrchestrationError(this.instanceId, id, recorded.description, `scheduled ${describeAction(action)}`);
    }
    this.pending.delete(id);
  }

  /** After replaying all of history, every action the code made must have been in it. */
  assertNoUnrecordedActions(): void {
    const first = this.pending.values().next();
    if (first.done === true) return;
    const action = first.value;
    throw new NonDeterministicOrchestrationError(this.instanceId, action.id, 'no action at that step', `scheduled ${describeAction(action)}`);
  }

  /** Settles the task at step `id`. Returns undefined for an unknown or already settled task (a duplicate). */
  settleTask(id: number, settle: (task: DurableTask<unknown>) => boolean): boolean | undefined {
    const task = this.open.get(id);
    if (task === undefined) return undefined;
    this.open.delete(id);
    const ran = settle(task);
    this.taskNames.delete(id);
    return ran;
  }

  /** Delivers an external event to the oldest waiter for its name, or buffers it. */
  deliverEvent(name: string, input: string | undefined): boolean {
    const key = name.toLowerCase();
    const waiter = this.eventWaiters.get(key)?.shift();
    if (waiter !== undefined) return waiter.complete(decodeJson(input));
    const buffer = this.eventBuffer.get(key) ?? [];
    buffer.push({ name, input, seq: this.eventSeq++ });
    this.eventBuffer.set(key, buffer);
    return false;
  }

  /** The actions scheduled since the last call, in step order; they are now the caller's to record. */
  takeNewActions(): OrchestratorAction[] {
    const actions = [...this.pending.values()].sort((a, b) => a.id - b.id);
    this.pending.clear();
    return actions;
  }

  /** Whether the code waits on at least one durable task that can still complete. */
  isAwaitingDurableTask(): boolean {
    for (const task of this.open.values()) {
      if (task.isAwaited && !(task instanceof TimerTask && task.isCancelled)) return true;
    }
    for (const waiters of this.eventWaiters.values()) if (waiters.some((t) => t.isAwaited)) return true;
    return false;
  }

  private guard(api: string): void {
    if (!this.active) throw new OrchestrationContextRequiredError(`ctx.${api}`);
  }
}
