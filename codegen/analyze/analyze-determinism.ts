import type { ts } from 'ts-morph';
import { sortDiagnostics, type CodegenDiagnostic } from '../model/codegen-diagnostic';
import { resolveDurableDeclarations } from '../scan/durable-declarations';
import { loadProject, type LoadedProject } from '../scan/load-project';
import { isLibraryFile } from '../scan/scan-context';
import { durableNotFound } from '../scan/scan-project';
import type { AnalyzeContext } from './analyze-context';
import { RULE_ADVICE, type DeterminismRule } from './determinism-rules';
import { findOrchestratorRuns } from './find-orchestrator-runs';
import { suppressionBefore } from './suppressions';
import { walkOrchestrator, type Reached } from './walk-orchestrator';

export interface DeterminismOptions {
  /** The project's tsconfig.json. */
  readonly project: string;
  /** Folders or files whose orchestrators are analysed; all the project's files when empty. */
  readonly include: readonly string[];
  /** Folders never scanned (the generated output). */
  readonly exclude?: readonly string[];
}

/**
 * The determinism findings of a project (what `durable check` reports): code reachable from the
 * orchestrators' `run` methods that would behave differently on replay. Writes nothing.
 */
export function analyzeDeterminism(options: DeterminismOptions): CodegenDiagnostic[] {
  const loaded = loadProject(options.project, options.include, options.exclude ?? []);
  return analyzeLoadedProject(loaded) ?? [durableNotFound(loaded)];
}

/** The findings of an opened project; undefined when `durable-ts` cannot be resolved from it. */
export function analyzeLoadedProject(loaded: LoadedProject): CodegenDiagnostic[] | undefined {
  const durable = resolveDurableDeclarations(loaded.project, loaded.root);
  if (durable === undefined) return undefined;
  const program = loaded.project.getProgram().compilerObject;
  const checker = loaded.project.getTypeChecker().compilerObject;
  const scan = { program, checker, root: loaded.root, durable };
  const context: AnalyzeContext = { checker, durable, isProjectFile: (file) => !isLibraryFile(scan, file) };
  const findings = new Map<string, CodegenDiagnostic>();
  const visited = new Set<ts.Node>();
  for (const { className, run } of findOrchestratorRuns(loaded, durable)) {
    walkOrchestrator(context, className, run, visited, (found) => addFinding(findings, found));
  }
  return sortDiagnostics([...findings.values()]);
}

/** Adds a finding unless a suppression with a reason covers it; a suppression without a reason is a finding of its own. */
function addFinding(findings: Map<string, CodegenDiagnostic>, { use, path }: Reached): void {
  const file = use.node.getSourceFile();
  const start = file.getLineAndCharacterOfPosition(use.node.getStart(file));
  const at = { file: file.fileName, line: start.line + 1, column: start.character + 1 };
  const suppression = suppressionBefore(file, at.line);
  if (suppression?.rules.includes(use.rule) === true) {
    if (suppression.reason !== '') return;
    const rule = 'determinism/suppression-without-reason';
    const message = `// durable-ignore-next-line ${use.rule} ${RULE_ADVICE[rule].why}, so it does not apply; ${RULE_ADVICE[rule].instead}`;
    add(findings, { rule, message, file: at.file, line: suppression.line, column: suppression.column });
  }
  const reachedFrom = path.length > 1 ? ` (reached from ${path.join(' → ')})` : '';
  add(findings, { rule: use.rule, message: `${use.what} ${adviceText(use.rule)}${reachedFrom}`, ...at });
}

function adviceText(rule: DeterminismRule): string {
  return `${RULE_ADVICE[rule].why}; ${RULE_ADVICE[rule].instead}`;
}

function add(findings: Map<string, CodegenDiagnostic>, diagnostic: CodegenDiagnostic): void {
  const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}:${diagnostic.rule}`;
  if (!findings.has(key)) findings.set(key, diagnostic);
}
