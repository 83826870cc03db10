import { DurableError } from './durable-error';

/** The documented critical-section rules, by name. */
export type LockingRule =
  | 'no-nested-critical-sections'
  | 'no-sub-orchestrations-in-critical-section'
  | 'call-only-locked-entities'
  | 'no-parallel-calls-to-one-entity'
  | 'signal-only-unlocked-entities';

/** Orchestrator code broke a rule of entity critical sections (`ctx.lock`). */
export class LockingRulesViolationError extends DurableError {
  readonly code = 'LOCKING_RULES_VIOLATION' as const;
  constructor(
    readonly rule: LockingRule,
    detail: string,
  ) {
    super(`Locking rule '${rule}' broken: ${detail}`);
  }
}
