import { CustomStatusTooLargeError } from '../model/errors/custom-status-too-large-error';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { OrchestrationContextRequiredError } from '../model/errors/orchestration-context-required-error';
import { assertValidFunctionName } from '../model/function-name';
import { assertValidInstanceId } from '../model/instance-id';
import { decodeJson, encodeJson, utf8Length } from '../model/json-codec';
import { encodeLimitedJson } from '../model/payload-limits';
import type { EntityId } from '../model/entity-id';
import type { InputValidator } from '../model/input-schemas';
import type { Logger } from '../model/logger';
import { WhenAllTask, WhenAnyTask, type WhenAnyResult } from './composite-tasks';
import type { DurableTask, TaskResult } from './durable-task';
import type { StepScheduler } from './durable-steps';
import type { EntityLock, EntityMessaging } from './entity-messaging';
import type { EpisodeView } from './episode-state';
import type { ExternalEvents } from './external-events';
import { MAX_CUSTOM_STATUS_BYTES, type OrchestrationContext } from './orchestration-context';
import { createReplaySafeLogger, type ReplaySafeLogger } from './replay-safe-logger';
import { RetryableTask } from './retryable-task';
import { assertValidActivityTimeout, assertValidRetryOptions, type ActivityOptions, type SubOrchestrationOptions, type TaskOptions } from './retry-options';
import type { TimerTask } from './timer-task';
import { HTTP_ACTIVITY_NAME, prepareDurableHttpRequest, type DurableHttpRequest, type DurableHttpResponse } from './durable-http';
import { DurableHttpTask } from './durable-http-task';
import { createNamedCallProxy, type ActivityProxies, type SubOrchestrationProxies } from './typed-call-proxies';
import { createEntityProxies, type EntityProxies } from './typed-entity-proxies';

/** What the context is built on; the executor owns every part and changes it. */
export interface OrchestrationContextParts {
  readonly episode: EpisodeView;
  readonly steps: StepScheduler;
  readonly events: Pick<ExternalEvents, 'wait'>;
  readonly entities: Pick<EntityMessaging, 'call' | 'signal' | 'lock' | 'assertNotInCriticalSection'>;
  /** Where `ctx.log` writes (when not replaying). */
  readonly logger: Logger;
  /** Checks activity inputs as they are scheduled; none: every input is accepted. */
  readonly inputValidator?: InputValidator;
  /** Largest payload the code may hand to a durable call (see OrchestrationExecutorOptions). */
  readonly maxPayloadBytes?: number | undefined;
}

/**
 * The orchestration API the user's code sees. It holds no episode state of its own: it reads the
 * episode through `EpisodeView` and turns each durable call into a scheduled step, so the
 * executor stays the one owner of what happened.
 */
export class RuntimeOrchestrationContext implements OrchestrationContext {
  private readonly episode: EpisodeView;
  private readonly steps: StepScheduler;
  // The logger and the typed proxies are made on first use: a context lives as long as its
  // executor stays cached (up to maxCachedOrchestrations of them), and most code uses few of them.
  private madeLog: ReplaySafeLogger | undefined;
  private madeActivities: ActivityProxies | undefined;
  private madeOrchestrations: SubOrchestrationProxies | undefined;
  private madeEntities: EntityProxies | undefined;

  constructor(private readonly parts: OrchestrationContextParts) {
    this.episode = parts.episode;
    this.steps = parts.steps;
  }

  get log(): ReplaySafeLogger {
    return (this.madeLog ??= createReplaySafeLogger(this.parts.logger, () => this.episode.isReplaying, { instanceId: this.episode.instanceId }));
  }

  get activities(): ActivityProxies {
    return (this.madeActivities ??= createNamedCallProxy<ActivityProxies>((name, input, options) => this.callActivity(name, input, options as ActivityOptions | undefined)));
  }

  get orchestrations(): SubOrchestrationProxies {
    return (this.madeOrchestrations ??= createNamedCallProxy<SubOrchestrationProxies>((name, input, options) => this.callSubOrchestrator(name, input, options as SubOrchestrationOptions | undefined)));
  }

  get entities(): EntityProxies {
    return (this.madeEntities ??= createEntityProxies<EntityProxies>({
      call: (entity, operation, input) => this.callEntity(entity, operation, input),
      signal: (entity, operation, input, options) => this.signalEntity(entity, operation, input, options),
    }));
  }

  get instanceId(): string {
    return this.episode.instanceId;
  }

  get name(): string {
    return this.episode.name;
  }

  get version(): string {
    return this.episode.version;
  }

  get isReplaying(): boolean {
    return this.episode.isReplaying;
  }

  signalEntity(entity: string | EntityId, operation: string, input?: unknown, options: { scheduledTime?: Date } = {}): void {
    this.guard('signalEntity');
    this.parts.entities.signal(entity, operation, input, options.scheduledTime);
  }

  callEntity<TResult = unknown>(entity: string | EntityId, operation: string, input?: unknown): DurableTask<TResult> {
    this.guard('callEntity');
    return this.parts.entities.call<TResult>(entity, operation, input);
  }

  lock(...entities: Array<string | EntityId>): DurableTask<EntityLock> {
    this.guard('lock');
    return this.parts.entities.lock(entities);
  }

  get currentUtcDateTime(): Date {
    return new Date(this.episode.currentUtc.getTime());
  }

  getInput<T>(): T {
    return decodeJson<T>(this.episode.input);
  }

  callActivity<TResult = unknown>(name: string, input?: unknown, options?: ActivityOptions): DurableTask<TResult> {
    this.guard('callActivity');
    assertValidFunctionName(name);
    assertValidActivityTimeout(options?.timeoutMs);
    const encoded = this.encode(input, `Input of activity '${name}'`);
    // Checked as stored (after the JSON round trip), before the step is scheduled: a wrong input
    // fails this call, in the orchestrator's code, and no TaskScheduled is recorded. The check is
    // a pure function of the input, so a replay takes the same path.
    this.parts.inputValidator?.validate({ kind: 'activity', name }, encoded === undefined ? undefined : decodeJson(encoded));
    return this.withRetry(options, () => this.scheduleActivity<TResult>(name, encoded, options?.timeoutMs));
  }

  callSubOrchestrator<TResult = unknown>(name: string, input?: unknown, options: SubOrchestrationOptions = {}): DurableTask<TResult> {
    this.guard('callSubOrchestrator');
    assertValidFunctionName(name);
    this.parts.entities.assertNotInCriticalSection(`starting sub-orchestration '${name}'`);
    if (options.instanceId !== undefined) assertValidInstanceId(options.instanceId);
    const encoded = this.encode(input, `Input of sub-orchestration '${name}'`);
    return this.withRetry(options, () => {
      const id = this.steps.nextStep();
      const instanceId = options.instanceId ?? `${this.instanceId}:${id.toString(16).padStart(4, '0')}`;
      this.steps.schedule({
        kind: 'CreateSubOrchestration',
        id,
        name,
        instanceId,
        ...(encoded !== undefined ? { input: encoded } : {}),
        ...(options.version !== undefined ? { version: options.version } : {}),
      });
      return this.steps.openTask<TResult>(id, name);
    });
  }

  continueAsNew(input?: unknown, options: { preserveUnprocessedEvents?: boolean } = {}): void {
    this.guard('continueAsNew');
    this.episode.continueAsNew({ input: this.encode(input, 'Input of continueAsNew'), preserveUnprocessedEvents: options.preserveUnprocessedEvents === true });
  }

  private withRetry<T>(options: TaskOptions | undefined, schedule: () => DurableTask<T>): DurableTask<T> {
    if (options?.retry === undefined) return schedule();
    assertValidRetryOptions(options.retry);
    const start = this.currentUtcDateTime;
    return new RetryableTask<T>(options.retry, schedule, (fireAt) => this.createTimer(fireAt), () => this.currentUtcDateTime, start).begin();
  }

  private scheduleActivity<TResult>(name: string, encoded: string | undefined, timeoutMs: number | undefined): DurableTask<TResult> {
    const id = this.steps.nextStep();
    this.steps.schedule({
      kind: 'ScheduleTask',
      id,
      name,
      ...(encoded !== undefined ? { input: encoded } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return this.steps.openTask<TResult>(id, name);
  }

  createTimer(fireAt: Date): TimerTask {
    this.guard('createTimer');
    if (!(fireAt instanceof Date) || Number.isNaN(fireAt.getTime())) {
      throw new InvalidArgumentError('timer due time', 'expected a valid Date');
    }
    const id = this.steps.nextStep();
    this.steps.schedule({ kind: 'CreateTimer', id, fireAt: fireAt.toISOString() });
    return this.steps.openTimer(id, new Date(fireAt.getTime()));
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
    return this.parts.events.wait<T>(name);
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
    return this.episode.newGuid();
  }

  setCustomStatus(value: unknown): void {
    this.guard('setCustomStatus');
    const encoded = encodeJson(value, 'Custom status') ?? 'null';
    const size = utf8Length(encoded);
    if (size > MAX_CUSTOM_STATUS_BYTES) throw new CustomStatusTooLargeError(size, MAX_CUSTOM_STATUS_BYTES);
    this.episode.setCustomStatus(encoded);
  }

  private encode(value: unknown, what: string): string | undefined {
    return encodeLimitedJson(value, what, this.parts.maxPayloadBytes);
  }

  private guard(api: string): void {
    if (!this.episode.isActive) throw new OrchestrationContextRequiredError(`ctx.${api}`);
  }
}
