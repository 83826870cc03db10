import type { CodegenDiagnostic } from './codegen-diagnostic';
import { compareText } from './codegen-diagnostic';
import type { SourceLocation } from './codegen-model';

/** A declared name of the host's registry: an activity, an orchestrator or an entity. */
export interface DeclaredName {
  readonly name: string;
  readonly kind: 'activity' | 'orchestrator' | 'entity';
  readonly className: string;
  readonly location: SourceLocation;
}

/**
 * Names are unique across orchestrators, activities and entities, ignoring case (as the host's
 * registry requires). Reports every declaration after the first, naming the first.
 * @param toAbsolute turns a project-relative path into the absolute one diagnostics carry
 */
export function checkDuplicateNames(declared: readonly DeclaredName[], toAbsolute: (file: string) => string): CodegenDiagnostic[] {
  const ordered = [...declared].sort(
    (a, b) => compareText(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column,
  );
  const first = new Map<string, DeclaredName>();
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
      message: `the ${fn.kind} name '${fn.name}' is already used by the ${earlier.kind} '${earlier.name}' of ${earlier.className}; names must be unique (ignoring case) across orchestrators, activities and entities`,
      file: toAbsolute(fn.location.file),
      line: fn.location.line,
      column: fn.location.column,
      related: { what: 'declared first', file: toAbsolute(earlier.location.file), line: earlier.location.line, column: earlier.location.column },
    });
  }
  return diagnostics;
}
