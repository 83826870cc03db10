import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { LockingRulesViolationError } from '../model/errors/locking-rules-violation-error';
import { formatEntityId, parseEntityId, type EntityId } from '../model/entity-id';
import { encodeLimitedJson } from '../model/payload-limits';
import type { DurableTask } from './durable-task';
import type { StepScheduler } from './durable-steps';
import type { EpisodeView } from './episode-state';
import type { EntityMessage } from './orchestrator-action';

/** A held critical section: release it (or let the orchestration end) to unlock its entities. */
export interface EntityLock {
  readonly criticalSectionId: string;
  /** The locked entities, `@name@key`, sorted. */
  readonly entities: readonly string[];
  /** Unlocks every entity of the section; harmless when called again. */
  release(): void;
}

interface CriticalSection {
  readonly id: string;
  readonly entities: readonly string[];
  /** Entities with a call in flight inside the section. */
  readonly calling: Set<string>;
}

/**
 * Orchestration-side entity messaging: calls, signals and critical sections, with the documented
 * locking rules enforced as the code runs (so a violation throws where it happens).
 *
 * Lock bookkeeping: `callTargets` and `lockRequests` hold only what is in flight. An entry is
 * made when the message is scheduled and removed when its answer (or grant) is applied, so an
 * orchestration that locks and unlocks in a loop for months keeps a constant amount of state.
 * A duplicate answer then finds no entry, which is harmless: the executor ignores a completion
 * whose task is already settled.
 */
export class EntityMessaging {
  private section: CriticalSection | undefined;
  // Made on the first entity call and lock request: most orchestrations make neither.
  private callTargets: Map<number, { entity: string; operation: string }> | undefined;
  private lockRequests: Map<number, EntityLock> | undefined;

  constructor(
    private readonly episode: Pick<EpisodeView, 'instanceId' | 'executionId' | 'newGuid'>,
    private readonly steps: StepScheduler,
    private readonly maxPayloadBytes?: number,
  ) {}

  signal(entity: string | EntityId, operation: string, input: unknown, scheduledTime?: Date): void {
    const target = toEntityInstanceId(entity);
    if (this.section?.entities.includes(target)) {
      throw new LockingRulesViolationError('signal-only-unlocked-entities', `${target} is locked by this orchestration's critical section; call it instead of signalling it`);
    }
    if (scheduledTime !== undefined && (!(scheduledTime instanceof Date) || Number.isNaN(scheduledTime.getTime()))) {
      throw new InvalidArgumentError('scheduledTime', 'expected a valid Date');
    }
    const encoded = encodeLimitedJson(input, `Input of entity operation '${operation}'`, this.maxPayloadBytes);
    this.send(target, operation, { type: 'EntityOperation', operation, ...(encoded !== undefined ? { input: encoded } : {}) }, scheduledTime);
  }

  call<T>(entity: string | EntityId, operation: string, input: unknown): DurableTask<T> {
    const target = toEntityInstanceId(entity);
    const section = this.section;
    if (section !== undefined) {
      if (!section.entities.includes(target)) {
        throw new LockingRulesViolationError('call-only-locked-entities', `${target} is not in the critical section (${section.entities.join(', ')})`);
      }
      if (section.calling.has(target)) {
        throw new LockingRulesViolationError('no-parallel-calls-to-one-entity', `a call to ${target} is still in flight; await it before calling ${target} again`);
      }
    }
    const encoded = encodeLimitedJson(input, `Input of entity operation '${operation}'`, this.maxPayloadBytes);
    const id = this.steps.nextStep();
    const replyTo = { instanceId: this.episode.instanceId, executionId: this.episode.executionId, taskScheduledId: id };
    const message: EntityMessage = {
      type: 'EntityOperation',
      operation,
      replyTo,
      ...(encoded !== undefined ? { input: encoded } : {}),
      ...(section !== undefined ? { criticalSectionId: section.id } : {}),
    };
    this.steps.schedule({ kind: 'SendEntityMessage', id, target, name: operation, message });
    section?.calling.add(target);
    (this.callTargets ??= new Map()).set(id, { entity: target, operation });
    return this.steps.openTask<T>(id, `${target}.${operation}`);
  }

  lock(entities: ReadonlyArray<string | EntityId>): DurableTask<EntityLock> {
    if (this.section !== undefined) {
      throw new LockingRulesViolationError('no-nested-critical-sections', `this orchestration already holds (or is acquiring) a lock on ${this.section.entities.join(', ')}`);
    }
    const lockSet = [...new Set(entities.map(toEntityInstanceId))].sort();
    if (lockSet.length === 0) throw new InvalidArgumentError('entities', 'ctx.lock needs at least one entity');
    const section: CriticalSection = { id: this.episode.newGuid(), entities: lockSet, calling: new Set() };
    this.section = section;
    const id = this.steps.nextStep();
    const replyTo = { instanceId: this.episode.instanceId, executionId: this.episode.executionId, taskScheduledId: id };
    this.steps.schedule({
      kind: 'SendEntityMessage',
      id,
      target: lockSet[0] as string,
      name: '@lock',
      message: { type: 'EntityLockRequested', criticalSectionId: section.id, lockSet, position: 0, replyTo },
    });
    (this.lockRequests ??= new Map()).set(id, { criticalSectionId: section.id, entities: lockSet, release: () => this.release(section) });
    return this.steps.openTask<EntityLock>(id, `@lock(${lockSet.join(', ')})`);
  }

  /** Sub-orchestrations may not start inside a critical section. */
  assertNotInCriticalSection(what: string): void {
    if (this.section !== undefined) {
      throw new LockingRulesViolationError('no-sub-orchestrations-in-critical-section', `${what} inside the critical section on ${this.section.entities.join(', ')}`);
    }
  }

  /** The lock handle for a granted lock request; the request is no longer in flight. */
  granted(taskId: number): EntityLock | undefined {
    const lock = this.lockRequests?.get(taskId);
    this.lockRequests?.delete(taskId);
    return lock;
  }

  /** A call's answer arrived: the entity may be called again. Returns what was called. */
  answered(taskId: number): { entity: string; operation: string } | undefined {
    const call = this.callTargets?.get(taskId);
    this.callTargets?.delete(taskId);
    if (call !== undefined) this.section?.calling.delete(call.entity);
    return call;
  }

  /** @internal How many calls and lock requests are in flight (for tests that check pruning). */
  get inFlight(): number {
    return (this.callTargets?.size ?? 0) + (this.lockRequests?.size ?? 0);
  }

  /** The section still open when the orchestration ends: its entities must be unlocked. */
  openSection(): { criticalSectionId: string; entities: readonly string[] } | undefined {
    return this.section && { criticalSectionId: this.section.id, entities: this.section.entities };
  }

  private release(section: CriticalSection): void {
    if (this.section !== section) return;
    this.section = undefined;
    for (const entity of section.entities) this.send(entity, '@unlock', { type: 'EntityUnlocked', criticalSectionId: section.id });
  }

  private send(entity: string, name: string, message: EntityMessage, scheduledTime?: Date): void {
    const id = this.steps.nextStep();
    this.steps.schedule({ kind: 'SendEntityMessage', id, target: entity, name, message, ...(scheduledTime !== undefined ? { scheduledTime: scheduledTime.toISOString() } : {}) });
  }
}

function toEntityInstanceId(entity: string | EntityId): string {
  return formatEntityId(parseEntityId(entity));
}
