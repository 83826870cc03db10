import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDuplicateNames } from './model/check-duplicate-names';
import { analyzeLoadedProject } from './analyze/analyze-determinism';
import { compareText, sortDiagnostics, type CodegenDiagnostic } from './model/codegen-diagnostic';
import type { CodegenModel } from './model/codegen-model';
import { emitFiles, type GeneratedFile } from './emit/emit-files';
import { loadProject } from './scan/load-project';
import { scanProject } from './scan/scan-project';
import { generateInputSchemas, NO_SCHEMAS } from './schema/generate-schemas';

export interface CodegenOptions {
  /** The project's tsconfig.json. */
  readonly project: string;
  /** Folders or files to scan; all the project's files when empty. */
  readonly include: readonly string[];
  /** The output folder. */
  readonly out: string;
  /** Determinism findings fail the run (`error`, the default) or are only reported (`warn`, files are written). */
  readonly determinism?: DeterminismMode;
}

export type DeterminismMode = 'error' | 'warn';

/** The defaults of `durable codegen`, fit for an app: scan `src`, write `src/generated`. */
export const DEFAULT_CODEGEN_OPTIONS = { project: 'tsconfig.json', include: ['src'], out: 'src/generated' } as const;

export interface CodegenResult {
  readonly model: CodegenModel;
  /** Empty when there are diagnostics. */
  readonly files: GeneratedFile[];
  readonly diagnostics: CodegenDiagnostic[];
  /** Determinism findings under `determinism: 'warn'` (they do not stop the files). */
  readonly warnings: CodegenDiagnostic[];
  /** Where the time went: opening the project, scanning it (type checker), the determinism analysis, the input schemas, rendering the files. */
  readonly timings: CodegenTimings;
  /** The output folder, absolute. */
  readonly outDir: string;
  /** The command that regenerates the files (named in their banner). */
  readonly command: string;
}

export interface CodegenTimings {
  readonly loadMs: number;
  readonly scanMs: number;
  readonly analyzeMs: number;
  readonly schemaMs: number;
  readonly emitMs: number;
}

/** Scan → model → emit, without writing anything. */
export function generate(options: CodegenOptions): CodegenResult {
  const startedAt = performance.now();
  const loaded = loadProject(options.project, options.include, [options.out]);
  const loadedAt = performance.now();
  const scanned = scanProject(loaded);
  const scannedAt = performance.now();
  const findings = analyzeLoadedProject(loaded) ?? [];
  const warnings = options.determinism === 'warn' ? findings : [];
  const analyzedAt = performance.now();
  const functions = [...scanned.functions].sort((a, b) => compareText(a.name, b.name) || compareText(a.kind, b.kind));
  const entities = [...scanned.entities].sort((a, b) => compareText(a.name, b.name));
  const classes = [...scanned.classes].sort((a, b) => compareText(a.file, b.file) || compareText(a.className, b.className));
  const declared = [...functions, ...entities.map((entity) => ({ ...entity, kind: 'entity' as const }))];
  const duplicates = checkDuplicateNames(declared, (file) => join(loaded.root, file));
  const diagnostics = sortDiagnostics([...scanned.diagnostics, ...duplicates, ...(options.determinism === 'warn' ? [] : findings)]);
  const schemas = diagnostics.length > 0 ? NO_SCHEMAS : generateInputSchemas(functions, entities, loaded);
  const schemasAt = performance.now();
  const model: CodegenModel = { functions, entities, classes, schemas };
  const command = regenerateCommand(options, loaded.root);
  const settings = { moduleStyle: loaded.moduleStyle, command };
  const files = diagnostics.length > 0 ? [] : emitFiles(model, loaded.root, options.out, settings);
  const emittedAt = performance.now();
  const timings = {
    loadMs: loadedAt - startedAt,
    scanMs: scannedAt - loadedAt,
    analyzeMs: analyzedAt - scannedAt,
    schemaMs: schemasAt - analyzedAt,
    emitMs: emittedAt - schemasAt,
  };
  return { model, files, diagnostics, warnings, timings, outDir: resolve(options.out), command };
}

/** The command that regenerates the files when run in the project's folder, naming only what differs from the defaults. */
function regenerateCommand(options: CodegenOptions, root: string): string {
  const fromRoot = (path: string): string => relative(root, resolve(path)).split('\\').join('/') || '.';
  const words = ['npx durable codegen'];
  const project = fromRoot(options.project);
  if (project !== DEFAULT_CODEGEN_OPTIONS.project) words.push(`--project ${project}`);
  const include = options.include.map(fromRoot);
  if (include.join() !== DEFAULT_CODEGEN_OPTIONS.include.join()) words.push(...include.map((path) => `--include ${path}`));
  const out = fromRoot(options.out);
  if (out !== DEFAULT_CODEGEN_OPTIONS.out) words.push(`--out ${out}`);
  if (options.determinism === 'warn') words.push('--determinism warn');
  return words.join(' ');
}
