import type { CodegenRule } from '../model/codegen-diagnostic';

/** The determinism rules of the analyzer (declared with the other codegen rules); each finding names one. */
export type DeterminismRule = Extract<CodegenRule, `determinism/${string}`>;

/** Why a rule's code breaks replay, and what to write instead. */
export interface RuleAdvice {
  readonly why: string;
  readonly instead: string;
}

export const RULE_ADVICE: Readonly<Record<DeterminismRule, RuleAdvice>> = {
  'determinism/date-now': {
    why: 'reads the clock, which gives another value when the orchestrator replays, so replay can take a path history never recorded',
    instead: 'use ctx.currentUtcDateTime (the time recorded in history)',
  },
  'determinism/random': {
    why: 'is random, so a replay sees other values than the first run did',
    instead: 'use ctx.newGuid() for ids, or draw the value in an activity and use its result',
  },
  'determinism/timer': {
    why: 'schedules work outside the orchestration history; on replay it fires at another point or not at all',
    instead: 'use await ctx.createTimer(date) (a durable timer)',
  },
  'determinism/env': {
    why: 'reads the process environment, which can differ between the first run and a replay on another machine or after a deploy',
    instead: 'read it in an activity, or pass it as the orchestrator input',
  },
  'determinism/io': {
    why: 'does I/O whose result is not recorded in history, and repeats its side effect on every replay',
    instead: 'do it in an activity (or ctx.callHttp for HTTP)',
  },
  'determinism/mutable-module-state': {
    why: 'reads mutable module-level state, which differs between processes and between the first run and a replay',
    instead: 'pass the value as input, keep it in an entity, or make it a readonly constant',
  },
  'determinism/await-non-durable': {
    why: 'awaits something that is not a durable task: its result is not in history and it resumes the orchestrator at a point replay cannot reproduce',
    instead: 'await only ctx tasks (ctx.callActivity, ctx.activities.*, ctx.createTimer, ctx.waitForExternalEvent, ctx.all / ctx.any) or do the work in an activity',
  },
  'determinism/suppression-without-reason': {
    why: 'suppresses a determinism finding without saying why the code is safe',
    instead: 'write the reason after a colon: // durable-ignore-next-line <rule>: <why this is replay-safe>',
  },
};

/** `rule` as written in a suppression comment (with or without the `determinism/` prefix), or undefined. */
export function parseRuleName(text: string): DeterminismRule | undefined {
  const name = text.startsWith('determinism/') ? text : `determinism/${text}`;
  return (Object.keys(RULE_ADVICE) as DeterminismRule[]).find((rule) => rule === name);
}
