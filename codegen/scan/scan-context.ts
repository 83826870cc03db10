import { relative } from 'node:path';
import { ts, type Node } from 'ts-morph';
import type { CodegenDiagnostic, CodegenRule } from '../model/codegen-diagnostic';
import type { SourceLocation } from '../model/codegen-model';
import type { DurableDeclarations } from './durable-declarations';

/** What every scanner needs: the checker, durable-ts's declarations and where the project is. */
export interface ScanContext {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly root: string;
  readonly durable: DurableDeclarations;
}

/** The position of `node` (its first token), with the path relative to the project root. */
export function locationOf(scan: ScanContext, node: Node): SourceLocation {
  const file = node.getSourceFile();
  const { line, column } = file.getLineAndColumnAtPos(node.getStart());
  return { file: relative(scan.root, file.getFilePath()).split('\\').join('/'), line, column };
}

/** A diagnostic at `node`. */
export function diagnosticAt(node: Node, rule: CodegenRule, message: string): CodegenDiagnostic {
  const file = node.getSourceFile();
  const { line, column } = file.getLineAndColumnAtPos(node.getStart());
  return { rule, message, file: file.getFilePath(), line, column };
}

/** True for declarations in the TypeScript libs, in node_modules or in durable-ts itself. */
export function isLibraryFile(scan: ScanContext, file: ts.SourceFile): boolean {
  return (
    scan.program.isSourceFileDefaultLibrary(file) ||
    scan.program.isSourceFileFromExternalLibrary(file) ||
    file.fileName.includes('/node_modules/') ||
    scan.durable.isDurableFile(file.fileName)
  );
}

/** The type's printed form: import types for named types, no truncation. */
export function printType(scan: ScanContext, type: ts.Type): string {
  if (type.flags & ts.TypeFlags.Any) return 'unknown';
  const flags =
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;
  return scan.checker.typeToString(type, undefined, flags);
}
