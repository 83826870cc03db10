import type { CodegenDiagnostic } from './codegen-diagnostic';
import { compareText } from './codegen-diagnostic';
import type { DurableFunctionModel } from './codegen-model';

/**
 * Function names are unique across orchestrators and activities, ignoring case (as the host's
 * registry requires). Reports every declaration after the first, naming the first.
 * @param toAbsolute turns a project-relative path into the absolute one diagnostics carry
 */
export function checkDuplicateNames(functions: readonly DurableFunctionModel[], toAbsolute: (file: string) => string): CodegenDiagnostic[] {
  const ordered = [...functions].sort(
    (a, b) => compareText(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column,
  );
  const first = new Map<string, DurableFunctionModel>();
  const diagnostics: CodegenDiagnostic[] = [];
  for (const fn of ordered) {
    const key = fn.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, fn);
      continue;
    }
    diagnostics.push({
      rule: 'duplicate-function-name',
      message: `the ${fn.kind} name '${fn.name}' is already used by the ${earlier.kind} '${earlier.name}' of ${earlier.className}; function names must be unique (ignoring case) across orchestrators and activities`,
      file: toAbsolute(fn.location.file),
      line: fn.location.line,
      column: fn.location.column,
      related: { what: 'declared first', file: toAbsolute(earlier.location.file), line: earlier.location.line, column: earlier.location.column },
    });
  }
  return diagnostics;
}
