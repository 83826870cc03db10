import { isDurableErrorWithCode } from '../model/errors/durable-error';
import { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import { toFailureDetails, type FailureDetails } from '../model/failure-details';
import { assertNever, type HistoryEvent, type ParentInstanceInfo } from '../model/history-event';
import { encodeLimitedJson } from '../model/payload-limits';
import { silentLogger, type Logger } from '../model/logger';
import { recordedActionOf } from './action-history';
import { applyCompletion, isCompletionEvent, type CompletionScope } from './completion-handlers';
import { drainMicrotasks } from './drain-microtasks';
import { DurableSteps } from './durable-steps';
import { EntityMessaging } from './entity-messaging';
import { EpisodeState } from './episode-state';
import { ExternalEvents } from './external-events';
import type { OrchestratorFunction } from './orchestration-context';
import type { OrchestratorAction } from './orchestrator-action';
import { RuntimeOrchestrationContext } from './runtime-orchestration-context';
import type { InputValidator } from '../model/input-schemas';

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
  /** Set when this episode failed the instance for non-determinism: the step and both actions. */
  readonly nonDeterminism?: NonDeterministicOrchestrationError;
}

export interface OrchestrationExecutorOptions {
  readonly instanceId: string;
  readonly orchestrator: OrchestratorFunction;
  readonly logger?: Logger;
  /**
   * Lets every ready continuation of the code run, and no more; the default drains the microtask
   * queue and returns before any timer or I/O callback (see drainMicrotasks for why that matters).
   */
  readonly yieldToEventLoop?: () => Promise<void>;
  /**
   * For a verifying replay of an episode another executor already ran: the code sees
   * `isReplaying` true for the new events too, so side effects it guards with `isReplaying`
   * (logging, metrics) happen once, in the run that counts.
   */
  readonly replayingThroughout?: boolean;
  /**
   * Checks each activity input when the code schedules the activity, against the type the
   * activity declares (codegen's schemas); a mismatch throws InputValidationError into the code.
   */
  readonly inputValidator?: InputValidator;
  /**
   * Largest payload (JSON bytes) the code may produce: its output, activity, sub-orchestration
   * and entity inputs. Larger ones throw PayloadTooLargeError where they are made (the output:
   * the instance fails). Replays of one history must use the same limit. Absent: no limit.
   */
  readonly maxPayloadBytes?: number;
}

/**
 * Runs one orchestration instance's code against its history. Pure: history in, actions out.
 * Replay resolves durable tasks in history order and lets the code run between them, so it takes
 * the same path as the first execution. A live executor can be kept between episodes (the
 * instance cache): later episodes feed only the new events.
 *
 * The executor is the one owner of the instance's state: the episode (time, replaying, input),
 * the steps in flight, external events and entity bookkeeping. The context the code sees reads
 * the episode through a narrow view and can only schedule steps, never settle them.
 */
export class OrchestrationExecutor {
  private readonly episode: EpisodeState;
  private readonly steps: DurableSteps;
  private readonly events = new ExternalEvents();
  private readonly entities: EntityMessaging;
  private readonly ctx: RuntimeOrchestrationContext;
  private readonly completionScope: CompletionScope;
  private readonly yieldToEventLoop: () => Promise<void>;
  private started = false;
  private completion: OrchestrationCompletion | undefined;
  /**
   * The output of code that returned while a durable timer it created was still to fire: as the
   * Durable Functions docs say, the instance is not Completed until every timer fired or was
   * cancelled. Activities still running do not hold it back (see README "Differences").
   */
  private completionAwaitingTimers: OrchestrationCompletion | undefined;
  private suspended = false;
  private parentInstance: ParentInstanceInfo | undefined;
  /** Events that arrived while suspended; applied in order on resume. */
  private held: HistoryEvent[] = [];

  constructor(private readonly options: OrchestrationExecutorOptions) {
    const episode = new EpisodeState(options.instanceId);
    this.episode = episode;
    this.steps = new DurableSteps(options.instanceId);
    this.entities = new EntityMessaging(episode, this.steps, options.maxPayloadBytes);
    this.ctx = new RuntimeOrchestrationContext({
      episode,
      steps: this.steps,
      events: this.events,
      entities: this.entities,
      logger: options.logger ?? silentLogger,
      maxPayloadBytes: options.maxPayloadBytes,
      ...(options.inputValidator !== undefined ? { inputValidator: options.inputValidator } : {}),
    });
    this.completionScope = { steps: this.steps, entities: this.entities, events: this.events };
    this.yieldToEventLoop = options.yieldToEventLoop ?? drainMicrotasks;
  }

  /** True once the orchestration completed or failed; such an executor does nothing more. */
  get isFinished(): boolean {
    return this.completion !== undefined;
  }

  /** How many durable calls the code has made so far (the step its next call takes). */
  get durableCalls(): number {
    return this.steps.callsMade;
  }

  /** External event names (lower-cased) the orchestrator waits for, for the `listening` tracking event. */
  get listeningFor(): string[] {
    return this.events.waitingFor();
  }

  /** @internal Steps, entity calls and lock requests in flight (tests check nothing leaks). */
  get inFlight(): number {
    return this.steps.inFlight + this.entities.inFlight;
  }

  /** Replays `pastEvents` (already in history), then applies `newEvents` and returns what they caused. */
  async execute(pastEvents: readonly HistoryEvent[], newEvents: readonly HistoryEvent[]): Promise<EpisodeResult> {
    if (this.completion !== undefined) return { actions: [], appliedEvents: [], suspended: false, ...this.parentField() };
    const episode = this.episode;
    const applied: HistoryEvent[] = [];
    let nonDeterminism: NonDeterministicOrchestrationError | undefined;
    episode.isActive = true;
    episode.customStatusChanged = false;
    try {
      // Replay: the code re-runs against recorded events, re-scheduling the same actions, which
      // history confirms step by step (DurableSteps.confirm is the determinism check).
      episode.isReplaying = true;
      for (const event of pastEvents) {
        await this.apply(event);
        this.completeOnceTimersAreDone();
      }
      if (pastEvents.length > 0 && this.completion === undefined) this.steps.assertAllRecorded();
      episode.isReplaying = this.options.replayingThroughout === true;
      for (const event of newEvents) {
        if (this.completion === undefined) {
          if ((await this.apply(event)) === 'applied') applied.push(event);
          this.completeOnceTimersAreDone();
          continue;
        }
        // The instance finished during this episode: later events are recorded, not run.
        applied.push(event);
        if (event.type === 'EventRaised') this.carryOver(event.name, event.input);
      }
    } catch (error) {
      if (!isDurableErrorWithCode(error, 'NON_DETERMINISTIC_ORCHESTRATION')) throw error;
      // Still active here, so finish() takes the failure; every new event is recorded with it.
      nonDeterminism = error as NonDeterministicOrchestrationError;
      this.finish({ status: 'Failed', failureDetails: toFailureDetails(error) });
      for (const event of newEvents) if (!applied.includes(event)) applied.push(event);
    } finally {
      episode.isReplaying = false;
      episode.isActive = false;
    }
    const actions = this.steps.takeNewActions();
    // Re-read: code that ran during this episode may have finished the instance.
    const completion = this.completion as OrchestrationCompletion | undefined;
    return {
      // Actions of code that diverged from its history, or of a terminated instance, are not carried out.
      actions: nonDeterminism !== undefined || completion?.status === 'Terminated' ? [] : actions,
      appliedEvents: applied,
      ...(episode.customStatusChanged && episode.customStatus !== undefined ? { customStatus: episode.customStatus } : {}),
      ...(completion !== undefined ? { completion } : {}),
      suspended: this.suspended && completion === undefined,
      ...this.parentField(),
      ...this.locksField(completion),
      ...(nonDeterminism !== undefined ? { nonDeterminism } : {}),
    };
  }

  private locksField(completion: OrchestrationCompletion | undefined): Pick<EpisodeResult, 'locksToRelease'> {
    const section = this.entities.openSection();
    return completion !== undefined && section !== undefined ? { locksToRelease: section } : {};
  }

  private parentField(): { parentInstance?: ParentInstanceInfo } {
    return this.parentInstance !== undefined ? { parentInstance: this.parentInstance } : {};
  }

  /** Applies one event; a `duplicate` (a completion delivered twice) must not be recorded. */
  private async apply(event: HistoryEvent): Promise<'applied' | 'duplicate'> {
    if (isCompletionEvent(event)) {
      if (this.suspended) {
        this.held.push(event);
        return 'applied';
      }
      const outcome = applyCompletion(event, this.completionScope);
      if (outcome === 'duplicate') return 'duplicate';
      // Let the code that waited on the task run up to its next durable call before the next
      // event: that is the order the first execution saw, so replay takes the same path.
      if (outcome === 'resumed') await this.letCodeRun();
      return 'applied';
    }
    const recorded = recordedActionOf(event);
    if (recorded !== undefined) {
      this.steps.confirm(event.eventId, recorded);
      return 'applied';
    }
    switch (event.type) {
      case 'OrchestratorStarted':
        this.episode.currentUtc = new Date(event.timestamp);
        return 'applied';
      case 'ExecutionStarted':
        if (this.started) return 'duplicate';
        this.parentInstance = event.parentInstance;
        this.start(event);
        await this.letCodeRun();
        return 'applied';
      case 'ExecutionTerminated':
        this.finish({ status: 'Terminated', ...(event.input !== undefined ? { result: event.input } : {}) });
        return 'applied';
      case 'ExecutionSuspended':
        this.suspended = true;
        return 'applied';
      case 'ExecutionResumed':
        if (!this.suspended) return 'applied';
        this.suspended = false;
        for (const held of this.held.splice(0)) await this.apply(held);
        return 'applied';
      case 'EntityOperation':
      case 'EntityLockRequested':
      case 'EntityUnlocked':
        return 'duplicate'; // entity inbox messages never belong to an orchestration
      case 'TaskScheduled':
      case 'TimerCreated':
      case 'SubOrchestrationInstanceCreated':
      case 'EventSent':
      case 'OrchestratorCompleted':
      case 'ExecutionCompleted':
      case 'ExecutionRewound':
        return 'applied';
      default:
        return assertNever(event, 'history event');
    }
  }

  /**
   * Lets the code run up to its next durable call, then checks that it waits on something history
   * can settle. Checked after every resumption, not only at the end of the episode: code blocked
   * on a timer or I/O is caught at the step where it happened, on every run, before that promise
   * could resume it outside the executor's control.
   */
  private async letCodeRun(): Promise<void> {
    await this.yieldToEventLoop();
    // Finished, suspended, or returned and only waiting for its outstanding timers to fire: the code awaits nothing.
    if (this.completion !== undefined || this.suspended || this.completionAwaitingTimers !== undefined) return;
    if (this.steps.hasAwaitedTask() || this.events.hasAwaitedWaiter()) return;
    throw NonDeterministicOrchestrationError.awaitedNonDurable(this.options.instanceId, this.steps.callsMade, this.steps.describeLastCall());
  }

  private start(event: Extract<HistoryEvent, { type: 'ExecutionStarted' }>): void {
    this.started = true;
    this.episode.executionId = event.executionId;
    this.episode.name = event.name;
    this.episode.version = event.version ?? '';
    this.episode.input = event.input;
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
    const continuation = this.episode.continuation;
    if (continuation !== undefined) {
      const carried = continuation.preserveUnprocessedEvents ? this.events.unprocessed() : [];
      this.finish({
        status: 'ContinuedAsNew',
        ...(continuation.input !== undefined ? { result: continuation.input } : {}),
        ...(carried.length > 0 ? { carriedEvents: carried } : {}),
      });
      return;
    }
    try {
      const encoded = encodeLimitedJson(value, 'Orchestrator output', this.options.maxPayloadBytes);
      const completed: OrchestrationCompletion = { status: 'Completed', ...(encoded !== undefined ? { result: encoded } : {}) };
      if (this.steps.hasOutstandingTimer() && this.episode.isActive) this.completionAwaitingTimers = completed;
      else this.finish(completed);
    } catch (error) {
      this.finish({ status: 'Failed', failureDetails: toFailureDetails(error) });
    }
  }

  /** Completes the instance whose code returned earlier, once its last outstanding timer fired. */
  private completeOnceTimersAreDone(): void {
    const completed = this.completionAwaitingTimers;
    if (completed === undefined || this.steps.hasOutstandingTimer()) return;
    this.completionAwaitingTimers = undefined;
    this.finish(completed);
  }

  /** An event that arrived in the episode after continueAsNew: carried over when asked. */
  private carryOver(name: string, input: string | undefined): void {
    const completion = this.completion;
    if (completion?.status !== 'ContinuedAsNew' || this.episode.continuation?.preserveUnprocessedEvents !== true) return;
    this.completion = { ...completion, carriedEvents: [...(completion.carriedEvents ?? []), { name, input }] };
  }

  private finish(completion: OrchestrationCompletion): void {
    // Code that resumes outside an episode (after awaiting a non-durable promise) cannot finish
    // it: nothing would record that outcome, and the next episode's replay decides instead.
    if (this.episode.isActive) this.completion ??= completion;
  }
}
