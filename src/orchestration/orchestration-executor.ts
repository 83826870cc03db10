import { isDurableErrorWithCode } from '../model/errors/durable-error';
import { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import { EntityOperationFailedError } from '../model/errors/entity-operation-failed-error';
import { TaskFailedError } from '../model/errors/task-failed-error';
import { toFailureDetails, type FailureDetails } from '../model/failure-details';
import { assertNever, type HistoryEvent, type ParentInstanceInfo } from '../model/history-event';
import { encodeJson, decodeJson } from '../model/json-codec';
import { silentLogger, type Logger } from '../model/logger';
import type { OrchestratorFunction } from './orchestration-context';
import type { OrchestratorAction } from './orchestrator-action';
import { createReplaySafeLogger } from './replay-safe-logger';
import { RuntimeOrchestrationContext } from './runtime-orchestration-context';

export interface OrchestrationCompletion {
  readonly status: 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew';
  /** JSON output (Completed), reason (Terminated) or the new input (ContinuedAsNew). */
  readonly result?: string;
  readonly failureDetails?: FailureDetails;
  /** ContinuedAsNew with preserveUnprocessedEvents: the events to carry over. */
  readonly carriedEvents?: ReadonlyArray<{ readonly name: string; readonly input: string | undefined }>;
}

/** What one episode produced. */
export interface EpisodeResult {
  /** New actions in step order; the worker records them and sends their messages. */
  readonly actions: readonly OrchestratorAction[];
  /** The new events that belong in history (duplicate deliveries are left out). */
  readonly appliedEvents: readonly HistoryEvent[];
  /** JSON of the custom status when the code changed it during this episode. */
  readonly customStatus?: string;
  readonly completion?: OrchestrationCompletion;
  /** True while the instance is suspended (events are held until it resumes). */
  readonly suspended: boolean;
  /** Set for a sub-orchestration: where its outcome goes. */
  readonly parentInstance?: ParentInstanceInfo;
  /** When the instance ended holding (or acquiring) entity locks: the entities to unlock. */
  readonly locksToRelease?: { readonly criticalSectionId: string; readonly entities: readonly string[] };
}

export interface OrchestrationExecutorOptions {
  readonly instanceId: string;
  readonly orchestrator: OrchestratorFunction;
  readonly logger?: Logger;
  /** Lets every pending continuation run; the default waits for the next macrotask. */
  readonly yieldToEventLoop?: () => Promise<void>;
}

const defaultYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs one orchestration instance's code against its history. Pure: history in, actions out.
 * Replay resolves durable tasks in history order and lets the code run between them, so it takes
 * the same path as the first execution. A live executor can be kept between episodes (the
 * instance cache): later episodes feed only the new events.
 */
export class OrchestrationExecutor {
  private readonly ctx: RuntimeOrchestrationContext;
  private readonly yieldToEventLoop: () => Promise<void>;
  private started = false;
  private completion: OrchestrationCompletion | undefined;
  private suspended = false;
  private parentInstance: ParentInstanceInfo | undefined;
  /** Events that arrived while suspended; applied in order on resume. */
  private held: HistoryEvent[] = [];

  constructor(private readonly options: OrchestrationExecutorOptions) {
    this.ctx = new RuntimeOrchestrationContext(options.instanceId);
    this.ctx.log = createReplaySafeLogger(options.logger ?? silentLogger, () => this.ctx.isReplaying, {
      instanceId: options.instanceId,
    });
    this.yieldToEventLoop = options.yieldToEventLoop ?? defaultYield;
  }

  /** True once the orchestration completed or failed; such an executor does nothing more. */
  get isFinished(): boolean {
    return this.completion !== undefined;
  }

  /** Replays `pastEvents` (already in history), then applies `newEvents` and returns what they caused. */
  async execute(pastEvents: readonly HistoryEvent[], newEvents: readonly HistoryEvent[]): Promise<EpisodeResult> {
    if (this.completion !== undefined) return { actions: [], appliedEvents: [], suspended: false, ...this.parentField() };
    const applied: HistoryEvent[] = [];
    let nonDeterministic = false;
    this.ctx.active = true;
    this.ctx.customStatusChanged = false;
    try {
      this.ctx.isReplaying = true;
      for (const event of pastEvents) await this.apply(event);
      if (pastEvents.length > 0 && this.completion === undefined) this.ctx.assertNoUnrecordedActions();
      this.ctx.isReplaying = false;
      for (const event of newEvents) {
        if (this.completion === undefined) {
          if (await this.apply(event)) applied.push(event);
          continue;
        }
        applied.push(event);
        if (event.type === 'EventRaised') this.carryOver(event.name, event.input);
      }
      if (this.completion === undefined && this.started && !this.suspended && !this.ctx.isAwaitingDurableTask()) {
        throw new NonDeterministicOrchestrationError(
          this.options.instanceId,
          -1,
          'no durable task left to wait for',
          'awaits a promise that is not a durable task (use ctx.callActivity, ctx.createTimer or ctx.waitForExternalEvent instead of timers, I/O or other promises)',
        );
      }
    } catch (error) {
      this.ctx.active = true;
      if (!isDurableErrorWithCode(error, 'NON_DETERMINISTIC_ORCHESTRATION')) throw error;
      nonDeterministic = true;
      this.finish({ status: 'Failed', failureDetails: toFailureDetails(error) });
      for (const event of newEvents) if (!applied.includes(event)) applied.push(event);
    } finally {
      this.ctx.isReplaying = false;
    }
    this.ctx.active = false;
    const actions = this.ctx.takeNewActions();
    // Re-read: code that ran during this episode may have finished the instance.
    const completion = this.completion as OrchestrationCompletion | undefined;
    return {
      // Actions of code that diverged from its history, or of a terminated instance, are not carried out.
      actions: nonDeterministic || completion?.status === 'Terminated' ? [] : actions,
      appliedEvents: applied,
      ...(this.ctx.customStatusChanged && this.ctx.customStatus !== undefined ? { customStatus: this.ctx.customStatus } : {}),
      ...(completion !== undefined ? { completion } : {}),
      suspended: this.suspended && completion === undefined,
      ...this.parentField(),
      ...this.locksField(completion),
    };
  }

  private locksField(completion: OrchestrationCompletion | undefined): Pick<EpisodeResult, 'locksToRelease'> {
    const section = this.ctx.entityMessaging.openSection();
    return completion !== undefined && section !== undefined ? { locksToRelease: section } : {};
  }

  private parentField(): { parentInstance?: ParentInstanceInfo } {
    return this.parentInstance !== undefined ? { parentInstance: this.parentInstance } : {};
  }

  /** Applies one event; returns false for an event that is a duplicate and must not be recorded. */
  private async apply(event: HistoryEvent): Promise<boolean> {
    if (this.suspended && wakesCode(event)) {
      this.held.push(event);
      return true;
    }
    const ctx = this.ctx;
    let mayRunCode = false;
    switch (event.type) {
      case 'OrchestratorStarted':
        ctx.currentUtc = new Date(event.timestamp);
        return true;
      case 'ExecutionStarted':
        if (this.started) return false;
        this.parentInstance = event.parentInstance;
        this.ctx.executionId = event.executionId;
        this.start(event.name, event.version, event.input);
        mayRunCode = true;
        break;
      case 'TaskScheduled':
        ctx.confirmAction(event.eventId, { kind: 'ScheduleTask', name: event.name, description: `TaskScheduled ${event.name}` });
        return true;
      case 'SubOrchestrationInstanceCreated':
        ctx.confirmAction(event.eventId, { kind: 'CreateSubOrchestration', name: event.name, description: `SubOrchestrationInstanceCreated ${event.name}` });
        return true;
      case 'SubOrchestrationInstanceCompleted': {
        const ran = ctx.settleTask(event.taskScheduledId, (task) => task.complete(decodeJson(event.result)));
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'SubOrchestrationInstanceFailed': {
        const ran = ctx.settleTask(event.taskScheduledId, (task) =>
          task.fail(new TaskFailedError(ctx.taskName(event.taskScheduledId), event.taskScheduledId, event.failureDetails)),
        );
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'EventSent':
        ctx.confirmAction(event.eventId, { kind: 'SendEntityMessage', name: event.name, target: event.instanceId, description: `EventSent ${event.name} to ${event.instanceId}` });
        return true;
      case 'EntityOperationCompleted': {
        ctx.entityMessaging.answered(event.taskScheduledId);
        const ran = ctx.settleTask(event.taskScheduledId, (task) => task.complete(decodeJson(event.result)));
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'EntityOperationFailed': {
        const call = ctx.entityMessaging.answered(event.taskScheduledId);
        const error = new EntityOperationFailedError(call?.entity ?? '?', call?.operation ?? '?', event.failureDetails);
        const ran = ctx.settleTask(event.taskScheduledId, (task) => task.fail(error));
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'EntityLockGranted': {
        const lock = ctx.entityMessaging.granted(event.taskScheduledId);
        const ran = ctx.settleTask(event.taskScheduledId, (task) => task.complete(lock));
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'EntityOperation':
      case 'EntityLockRequested':
      case 'EntityUnlocked':
        return false; // entity inbox messages never belong to an orchestration
      case 'TimerCreated':
        ctx.confirmAction(event.eventId, { kind: 'CreateTimer', description: `TimerCreated (due ${event.fireAt})` });
        return true;
      case 'TaskCompleted': {
        const ran = ctx.settleTask(event.taskScheduledId, (task) => task.complete(decodeJson(event.result)));
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'TaskFailed': {
        const ran = ctx.settleTask(event.taskScheduledId, (task) =>
          task.fail(new TaskFailedError(ctx.taskName(event.taskScheduledId), event.taskScheduledId, event.failureDetails)),
        );
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'TimerFired': {
        const ran = ctx.settleTask(event.timerId, (task) => task.complete(undefined));
        if (ran === undefined) return false;
        mayRunCode = ran;
        break;
      }
      case 'EventRaised':
        mayRunCode = ctx.deliverEvent(event.name, event.input);
        break;
      case 'ExecutionTerminated':
        this.finish({ status: 'Terminated', ...(event.input !== undefined ? { result: event.input } : {}) });
        return true;
      case 'ExecutionSuspended':
        this.suspended = true;
        return true;
      case 'ExecutionResumed':
        if (!this.suspended) return true;
        this.suspended = false;
        for (const held of this.held.splice(0)) await this.apply(held);
        return true;
      case 'OrchestratorCompleted':
      case 'ExecutionCompleted':
      case 'ExecutionRewound':
        return true;
      default:
        return assertNever(event, 'history event');
    }
    if (mayRunCode) await this.yieldToEventLoop();
    return true;
  }

  private start(name: string, version: string | undefined, input: string | undefined): void {
    this.started = true;
    this.ctx.name = name;
    this.ctx.version = version ?? '';
    this.ctx.input = input;
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(this.options.orchestrator(this.ctx));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => this.onReturned(value),
      (error: unknown) => this.finish({ status: 'Failed', failureDetails: toFailureDetails(error) }),
    );
  }

  private onReturned(value: unknown): void {
    const continuation = this.ctx.continuation;
    if (continuation !== undefined) {
      const carried = continuation.preserveUnprocessedEvents ? this.ctx.unprocessedEvents() : [];
      this.finish({
        status: 'ContinuedAsNew',
        ...(continuation.input !== undefined ? { result: continuation.input } : {}),
        ...(carried.length > 0 ? { carriedEvents: carried } : {}),
      });
      return;
    }
    try {
      const encoded = encodeJson(value, 'Orchestrator output');
      this.finish({ status: 'Completed', ...(encoded !== undefined ? { result: encoded } : {}) });
    } catch (error) {
      this.finish({ status: 'Failed', failureDetails: toFailureDetails(error) });
    }
  }

  /** An event that arrived in the episode after continueAsNew: carried over when asked. */
  private carryOver(name: string, input: string | undefined): void {
    const completion = this.completion;
    if (completion?.status !== 'ContinuedAsNew' || this.ctx.continuation?.preserveUnprocessedEvents !== true) return;
    this.completion = { ...completion, carriedEvents: [...(completion.carriedEvents ?? []), { name, input }] };
  }

  private finish(completion: OrchestrationCompletion): void {
    // Code that resumes outside an episode (after awaiting a non-durable promise) cannot finish it.
    if (this.ctx.active) this.completion ??= completion;
  }
}

/** Events that deliver something to the code; a suspended instance holds them back. */
function wakesCode(event: HistoryEvent): boolean {
  switch (event.type) {
    case 'TaskCompleted':
    case 'TaskFailed':
    case 'SubOrchestrationInstanceCompleted':
    case 'SubOrchestrationInstanceFailed':
    case 'TimerFired':
    case 'EventRaised':
    case 'EntityOperationCompleted':
    case 'EntityOperationFailed':
    case 'EntityLockGranted':
      return true;
    default:
      return false;
  }
}
