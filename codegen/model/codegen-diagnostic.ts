import { relative } from 'node:path';

/** The rules codegen enforces; each diagnostic names one. */
export type CodegenRule =
  | 'durable-ts-not-found'
  | 'orchestrator-without-run'
  | 'orchestrator-not-async'
  | 'orchestrator-events'
  | 'duplicate-function-name'
  | 'not-json-serializable'
  | 'decorator-name-not-literal'
  | 'activity-parameters'
  | 'activity-not-method'
  | 'activity-without-activities'
  | 'class-not-exported'
  | 'entity-operation-parameters'
  | 'entity-operation-overloads'
  | 'entity-operation-generic'
  | 'entity-operation-name-collision'
  | 'entity-operation-reserved'
  | 'type-not-exported'
  | 'determinism/date-now'
  | 'determinism/random'
  | 'determinism/timer'
  | 'determinism/env'
  | 'determinism/io'
  | 'determinism/mutable-module-state'
  | 'determinism/await-non-durable'
  | 'determinism/suppression-without-reason';

/** One problem, at an absolute file path and 1-based line and column. */
export interface CodegenDiagnostic {
  readonly rule: CodegenRule;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Another place the message refers to (the first declaration of a duplicate name, …). */
  readonly related?: { readonly what: string; readonly file: string; readonly line: number; readonly column: number };
}

/** `samples/x.ts:12:3 - error codegen(rule): message (related at …)`, with paths relative to `cwd`. */
export function formatDiagnostic(diagnostic: CodegenDiagnostic, cwd: string, severity: 'error' | 'warning' = 'error'): string {
  const show = (file: string): string => relative(cwd, file).split('\\').join('/');
  const related = diagnostic.related === undefined ? '' : ` (${diagnostic.related.what} at ${show(diagnostic.related.file)}:${diagnostic.related.line}:${diagnostic.related.column})`;
  return `${show(diagnostic.file)}:${diagnostic.line}:${diagnostic.column} - ${severity} codegen(${diagnostic.rule}): ${diagnostic.message}${related}`;
}

/** Diagnostics in file, line, column order. */
export function sortDiagnostics(diagnostics: readonly CodegenDiagnostic[]): CodegenDiagnostic[] {
  return [...diagnostics].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule));
}

/** Locale-independent string order, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
