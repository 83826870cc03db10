import type { ts } from 'ts-morph';
import type { DurableDeclarations } from '../scan/durable-declarations';

/** What the analyzer's checks need: the checker, durable-ts's declarations, and which files are the project's own. */
export interface AnalyzeContext {
  readonly checker: ts.TypeChecker;
  readonly durable: DurableDeclarations;
  /** True for the project's own files (not the TypeScript libs, node_modules or durable-ts). */
  isProjectFile(file: ts.SourceFile): boolean;
}
