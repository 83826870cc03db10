import type { DurableTask, TaskResult } from './durable-task';
import type { WhenAnyResult } from './composite-tasks';
import type { ReplaySafeLogger } from './replay-safe-logger';
import type { ActivityOptions, SubOrchestrationOptions } from './retry-options';
import type { TimerTask } from './timer-task';
import type { DurableHttpRequest, DurableHttpResponse } from './durable-http';
import type { EntityLock } from './entity-messaging';
import type { EntityId } from '../model/entity-id';
import type { ActivityProxies, SubOrchestrationProxies } from './typed-call-proxies';
import type { EntityProxies } from './typed-entity-proxies';
import type { ExternalEventName, HasNoDeclaredEvents, UndeclaredEvents } from '../model/durable-event-types';

/**
 * What orchestrator code sees. Every method is replay-safe: on replay it returns what the first
 * execution got, from history. Use it instead of Date, Math.random, timers or I/O.
 *
 * `TEvents` declares the external events the orchestrator waits for, name → payload type
 * (`OrchestrationContext<OrderInput, { shipped: ShippedEvent; cancelled: void }>`): then
 * `waitForExternalEvent` takes only those names and returns their payload type, and codegen
 * types the client's `raiseEvent` the same way (see `durable-event-types.ts` for why a type
 * argument). Without it, any name is accepted.
 */
export interface OrchestrationContext<TInput = unknown, TEvents extends object = UndeclaredEvents> {
  readonly instanceId: string;
  /** The orchestrator's registered name. */
  readonly name: string;
  /** The version the instance started with, or '' when none was given. */
  readonly version: string;
  /** True while the code re-runs steps that history already recorded. */
  readonly isReplaying: boolean;
  /** The time the current episode started, from history: the same on every replay. */
  readonly currentUtcDateTime: Date;
  /** Logs only when not replaying. */
  readonly log: ReplaySafeLogger;

  /**
   * Typed activity calls, one per activity that codegen found: `ctx.activities.E1_SayHello('Tokyo')`
   * is `ctx.callActivity('E1_SayHello', 'Tokyo')` with the input and result types checked.
   */
  readonly activities: ActivityProxies;
  /** Typed sub-orchestration calls, one per orchestrator that codegen found (`callSubOrchestrator` by name). */
  readonly orchestrations: SubOrchestrationProxies;
  /**
   * Typed entity proxies, one per entity that codegen found: `await ctx.entities.Counter('steps').add(5)`
   * is `ctx.callEntity('@counter@steps', 'add', 5)`, and `ctx.entities.Counter('steps').signal.add(5)`
   * is `ctx.signalEntity(…)`, with the operation names, inputs and results checked.
   */
  readonly entities: EntityProxies;

  /** The instance's input, decoded from JSON. */
  getInput(): TInput;
  /**
   * Schedules an activity by name (codegen adds typed `ctx.activities`); `options.retry` retries it
   * on durable timers; `options.timeoutMs` bounds each attempt (with functionTimeout, the lower wins).
   */
  callActivity<TResult = unknown>(name: string, input?: unknown, options?: ActivityOptions): DurableTask<TResult>;
  /** Starts another orchestration as a child and waits for its output; its failure arrives as TaskFailedError. */
  callSubOrchestrator<TResult = unknown>(name: string, input?: unknown, options?: SubOrchestrationOptions): DurableTask<TResult>;
  /**
   * Restarts this instance with a fresh history and `input` once the orchestrator returns (its
   * return value is ignored). Buffered events are dropped unless `preserveUnprocessedEvents`.
   */
  continueAsNew(input?: unknown, options?: { preserveUnprocessedEvents?: boolean }): void;
  /** One-way message to an entity (`'@name@key'` or `{ name, key }`); `scheduledTime` delays it. */
  signalEntity(entity: string | EntityId, operation: string, input?: unknown, options?: { scheduledTime?: Date }): void;
  /** Two-way call of an entity operation; its failure arrives as EntityOperationFailedError. */
  callEntity<TResult = unknown>(entity: string | EntityId, operation: string, input?: unknown): DurableTask<TResult>;
  /**
   * Locks the entities for a critical section; release the returned lock (or end the
   * orchestration) to unlock them. The documented locking rules are enforced.
   */
  lock(...entities: Array<string | EntityId>): DurableTask<EntityLock>;
  /** A durable timer that completes at `fireAt` (no maximum length). */
  createTimer(fireAt: Date): TimerTask;
  /**
   * A durable HTTP call (Durable Functions' callHttp): every request and response is recorded and
   * replayed. A 202 with a Location is polled on durable timers (Retry-After, default 30 s) until
   * another status arrives, unless `asynchronousPatternEnabled: false`. Any status is a response;
   * a connection error or timeout fails the task (TaskFailedError). Credentials go in
   * `secretHeaders` as secret names, resolved by the host and never written to history.
   */
  callHttp(request: DurableHttpRequest): DurableTask<DurableHttpResponse>;
  /**
   * Waits for an event raised to this instance; names are case-insensitive; early events are
   * buffered. Typed by the context's `TEvents` when the orchestrator declares its events.
   */
  readonly waitForExternalEvent: ExternalEventWaiter<TEvents>;
  /** Completes with all results in order, or fails with the first failure. */
  all<T extends readonly DurableTask<unknown>[] | []>(tasks: T): DurableTask<{ -readonly [K in keyof T]: TaskResult<T[K]> }>;
  /** Completes with the first task to finish (successfully or not). */
  any<T extends DurableTask<unknown>>(tasks: readonly T[]): DurableTask<WhenAnyResult<T>>;
  /** A GUID that is the same on every replay. */
  newGuid(): string;
  /** Sets the custom status shown by status queries (JSON, at most 16 KB). */
  setCustomStatus(value: unknown): void;
}

/**
 * `waitForExternalEvent`: by name with a caller-chosen payload type when no events are declared;
 * otherwise only the declared names, each resolving to its declared payload type.
 */
export type ExternalEventWaiter<TEvents> =
  HasNoDeclaredEvents<TEvents> extends true
    ? <T = unknown>(name: string) => DurableTask<T>
    : <TName extends ExternalEventName<TEvents>>(name: TName) => DurableTask<TEvents[TName]>;

/** The shape of an orchestrator function (the `run` method of an `@Orchestrator` class). */
export type OrchestratorFunction<TInput = unknown, TOutput = unknown> = (ctx: OrchestrationContext<TInput>) => Promise<TOutput> | TOutput;

/** Custom status JSON limit, as documented for Durable Functions. */
export const MAX_CUSTOM_STATUS_BYTES = 16 * 1024;
