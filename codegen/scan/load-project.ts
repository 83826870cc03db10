import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { Project, type SourceFile } from 'ts-morph';
import type { ModuleStyle } from '../model/module-style';
import { readModuleStyle } from './read-module-style';

export interface LoadedProject {
  readonly project: Project;
  /** The folder of the tsconfig: model paths are relative to it. */
  readonly root: string;
  readonly tsconfig: string;
  /** The files to look for decorated classes in. */
  readonly scanned: readonly SourceFile[];
  /** How the project's module settings want relative imports written. */
  readonly moduleStyle: ModuleStyle;
}

/**
 * Opens the project of `tsconfig` (its compiler options: paths, strictness, decorators). With
 * `include` folders or files, only those are scanned (and only they and what they import are
 * loaded, which is faster); otherwise every file of the tsconfig is. `exclude` (the output
 * folder) is never scanned.
 */
export function loadProject(tsconfig: string, include: readonly string[], exclude: readonly string[]): LoadedProject {
  const tsconfigPath = resolve(tsconfig);
  if (!existsSync(tsconfigPath)) throw new Error(`tsconfig not found: ${tsconfigPath}`);
  const project = new Project({ tsConfigFilePath: tsconfigPath, skipAddingFilesFromTsConfig: include.length > 0 });
  const excluded = exclude.map((dir) => resolve(dir));
  if (include.length > 0) {
    for (const entry of include) {
      const path = resolve(entry);
      if (!existsSync(path)) throw new Error(`--include path not found: ${path}`);
      const patterns = statSync(path).isDirectory() ? [`${path}/**/*.ts`, `${path}/**/*.tsx`, `!${path}/**/*.d.ts`, `!${path}/**/node_modules/**`] : [path];
      project.addSourceFilesAtPaths([...patterns, ...excluded.map((dir) => `!${dir}/**`)]);
    }
    project.resolveSourceFileDependencies();
  }
  const scanned = project
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile() && !file.isInNodeModules())
    .filter((file) => include.length === 0 || include.some((entry) => isWithin(file.getFilePath(), resolve(entry))))
    .filter((file) => !excluded.some((dir) => isWithin(file.getFilePath(), dir)));
  return { project, root: dirname(tsconfigPath), tsconfig: tsconfigPath, scanned, moduleStyle: readModuleStyle(project.getCompilerOptions()) };
}

function isWithin(file: string, folderOrFile: string): boolean {
  return file === folderOrFile || file.startsWith(folderOrFile.endsWith(sep) ? folderOrFile : folderOrFile + sep);
}
