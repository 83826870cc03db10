import { ts } from 'ts-morph';
import { parseRuleName, type DeterminismRule } from './determinism-rules';

/** A `// durable-ignore-next-line <rule>[, <rule>]: <reason>` comment. */
export interface Suppression {
  readonly rules: readonly DeterminismRule[];
  /** Empty when the comment gives none (which is itself a finding). */
  readonly reason: string;
  /** 1-based line and column of the comment. */
  readonly line: number;
  readonly column: number;
}

const COMMENT = /^(\s*)\/\/\s*durable-ignore-next-line\s+([\w/-]+(?:\s*,\s*[\w/-]+)*)\s*(?::(.*))?$/;

/** The suppression comment on the line before 1-based `line` of `file`, if any. */
export function suppressionBefore(file: ts.SourceFile, line: number): Suppression | undefined {
  if (line < 2) return undefined;
  const starts = file.getLineStarts();
  const start = starts[line - 2];
  const end = starts[line - 1];
  if (start === undefined || end === undefined) return undefined;
  const match = COMMENT.exec(file.text.slice(start, end).replace(/\r?\n$/, ''));
  if (match === null) return undefined;
  const rules = (match[2] ?? '').split(',').flatMap((name) => parseRuleName(name.trim()) ?? []);
  return { rules, reason: (match[3] ?? '').trim(), line: line - 1, column: (match[1] ?? '').length + 1 };
}
