import { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import { describeAction, matchesRecordedAction, type RecordedAction } from './action-history';
import { DurableTask } from './durable-task';
import type { OrchestratorAction } from './orchestrator-action';
import { TimerTask } from './timer-task';

/**
 * What settling a task did: `duplicate` (no open task at that step: an event delivered twice, or
 * for a step that was already settled), `settled` (the task is done but no code waits on it yet),
 * `resumed` (code waiting on it may run now, so the executor lets it run before the next event).
 */
export type SettleOutcome = 'duplicate' | 'settled' | 'resumed';

/** How the context and the entity messaging schedule durable steps. */
export interface StepScheduler {
  /** The next step number: every durable call takes one, in the order the code makes them. */
  nextStep(): number;
  schedule(action: OrchestratorAction): void;
  /** A task that completes when history settles step `id`; `name` appears in its errors. */
  openTask<T>(id: number, name: string): DurableTask<T>;
  openTimer(id: number, fireAt: Date): TimerTask;
}

/**
 * The steps of one orchestration: actions the code scheduled that history has not yet confirmed
 * (or that are new), and tasks waiting for their completion event. Both maps shrink as history
 * confirms and settles steps, so a long-lived orchestration keeps only what is in flight.
 */
export class DurableSteps implements StepScheduler {
  private sequence = 0;
  /**
   * Made when the code schedules an action and dropped when the episode's new actions are taken:
   * between episodes (while an executor waits in the instance cache) it holds nothing.
   */
  private pending: Map<number, OrchestratorAction> | undefined;
  private readonly open = new Map<number, { readonly task: DurableTask<unknown>; readonly name: string }>();
  /** The most recent durable call, for naming where code went wrong when it awaits something else. */
  private last: OrchestratorAction | undefined;

  constructor(private readonly instanceId: string) {}

  nextStep(): number {
    return this.sequence++;
  }

  schedule(action: OrchestratorAction): void {
    (this.pending ??= new Map()).set(action.id, action);
    this.last = action;
  }

  /** How many durable calls the code made so far: the number its next call will take. */
  get callsMade(): number {
    return this.sequence;
  }

  /** The most recent durable call, as in error messages, or undefined before the first. */
  describeLastCall(): string | undefined {
    return this.last !== undefined ? describeAction(this.last) : undefined;
  }

  openTask<T>(id: number, name: string): DurableTask<T> {
    const task = new DurableTask<T>();
    this.open.set(id, { task: task as DurableTask<unknown>, name });
    return task;
  }

  openTimer(id: number, fireAt: Date): TimerTask {
    const task = new TimerTask(id, fireAt);
    this.open.set(id, { task: task as DurableTask<unknown>, name: `timer #${id}` });
    return task;
  }

  /**
   * History recorded an action at step `id`: the code, replaying, must have scheduled the same
   * one there. This is the determinism check: a mismatch fails the instance naming the step and
   * both actions, instead of letting the code go on against a history it no longer matches.
   */
  confirm(id: number, recorded: RecordedAction): void {
    const action = this.pending?.get(id);
    if (action === undefined) {
      throw new NonDeterministicOrchestrationError(this.instanceId, id, recorded.description, `did not schedule anything at that step (it made ${this.sequence} durable calls so far)`);
    }
    if (!matchesRecordedAction(action, recorded)) {
      throw new NonDeterministicOrchestrationError(this.instanceId, id, recorded.description, `scheduled ${describeAction(action)}`);
    }
    this.pending?.delete(id);
  }

  /** After replaying all of history, every action the code made must have been in it. */
  assertAllRecorded(): void {
    const first = this.pending?.values().next();
    if (first === undefined || first.done === true) return;
    const action = first.value;
    throw new NonDeterministicOrchestrationError(this.instanceId, action.id, 'no action at that step', `scheduled ${describeAction(action)}`);
  }

  /** The actions scheduled since the last call, in step order; they are now the caller's to record. */
  takeNewActions(): OrchestratorAction[] {
    if (this.pending === undefined) return [];
    const actions = [...this.pending.values()].sort((a, b) => a.id - b.id);
    this.pending = undefined;
    return actions;
  }

  /**
   * Settles the task at step `id` with `how`, which gets the task and the name it was scheduled
   * under (for error messages) and returns whether code may now run.
   */
  settle(id: number, how: (task: DurableTask<unknown>, name: string) => boolean): SettleOutcome {
    const entry = this.open.get(id);
    if (entry === undefined) return 'duplicate';
    this.open.delete(id);
    return how(entry.task, entry.name) ? 'resumed' : 'settled';
  }

  /** Whether the code waits on at least one open task that can still complete. */
  hasAwaitedTask(): boolean {
    for (const { task } of this.open.values()) {
      if (task.isAwaited && !(task instanceof TimerTask && task.isCancelled)) return true;
    }
    return false;
  }

  /** Whether a durable timer is still to fire: created, neither fired nor cancelled (awaited or not). */
  hasOutstandingTimer(): boolean {
    for (const { task } of this.open.values()) {
      if (task instanceof TimerTask && !task.isCancelled && !task.isCompleted) return true;
    }
    return false;
  }

  /** @internal How many steps are in flight (for tests that check nothing is kept longer). */
  get inFlight(): number {
    return this.open.size + (this.pending?.size ?? 0);
  }
}
