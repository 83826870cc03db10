import { findStaleFiles, writeGeneratedFiles } from './emit/write-files';
import { generate, type CodegenOptions, type CodegenResult } from './generate';

export interface RunCodegenOptions extends CodegenOptions {
  /** Write nothing; report the generated files that are missing or out of date. */
  readonly check?: boolean;
}

export interface CodegenRun {
  readonly result: CodegenResult;
  /** Files written (empty with `check` or when there are diagnostics). */
  readonly written: readonly string[];
  /** Generated leftovers removed (empty with `check`). */
  readonly removed: readonly string[];
  /** With `check`: the files that are missing, differ, or would be removed. */
  readonly stale: readonly string[];
}

/** One codegen run as the command does it: generate, then write the files (or check them). Nothing is written when there are diagnostics. */
export function runCodegen(options: RunCodegenOptions): CodegenRun {
  const result = generate(options);
  if (result.diagnostics.length > 0) return { result, written: [], removed: [], stale: [] };
  if (options.check === true) return { result, written: [], removed: [], stale: findStaleFiles(result.files, options.out) };
  const outcome = writeGeneratedFiles(result.files, options.out);
  return { result, written: outcome.written, removed: outcome.removed, stale: [] };
}
