import { join } from 'node:path';
import { checkDuplicateNames } from './model/check-duplicate-names';
import { compareText, sortDiagnostics, type CodegenDiagnostic } from './model/codegen-diagnostic';
import type { CodegenModel } from './model/codegen-model';
import { emitFiles, type GeneratedFile } from './emit/emit-files';
import { loadProject } from './scan/load-project';
import { scanProject } from './scan/scan-project';

export interface CodegenOptions {
  /** The project's tsconfig.json. */
  readonly project: string;
  /** Folders or files to scan; all the project's files when empty. */
  readonly include: readonly string[];
  /** The output folder. */
  readonly out: string;
}

export interface CodegenResult {
  readonly model: CodegenModel;
  /** Empty when there are diagnostics. */
  readonly files: GeneratedFile[];
  readonly diagnostics: CodegenDiagnostic[];
}

/** Scan → model → emit, without writing anything. */
export function generate(options: CodegenOptions): CodegenResult {
  const loaded = loadProject(options.project, options.include, [options.out]);
  const scanned = scanProject(loaded);
  const model: CodegenModel = {
    functions: [...scanned.functions].sort((a, b) => compareText(a.name, b.name) || compareText(a.kind, b.kind)),
    classes: [...scanned.classes].sort((a, b) => compareText(a.file, b.file) || compareText(a.className, b.className)),
  };
  const diagnostics = sortDiagnostics([...scanned.diagnostics, ...checkDuplicateNames(model.functions, (file) => join(loaded.root, file))]);
  return { model, files: diagnostics.length > 0 ? [] : emitFiles(model, loaded.root, options.out), diagnostics };
}
