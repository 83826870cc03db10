import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENERATED_MARK, type GeneratedFile } from './emit-files';

export interface WriteOutcome {
  readonly written: string[];
  readonly unchanged: string[];
  readonly removed: string[];
}

/**
 * Writes the files whose content changed (others are not touched, so a second run changes
 * nothing) and removes generated files of `outDir` that are no longer produced.
 */
export function writeGeneratedFiles(files: readonly GeneratedFile[], outDir: string): WriteOutcome {
  const outcome: WriteOutcome = { written: [], unchanged: [], removed: [] };
  mkdirSync(resolve(outDir), { recursive: true });
  for (const file of files) {
    if (existsSync(file.path) && readFileSync(file.path, 'utf8') === file.content) {
      outcome.unchanged.push(file.path);
      continue;
    }
    writeFileSync(file.path, file.content);
    outcome.written.push(file.path);
  }
  for (const path of leftovers(files, outDir)) {
    rmSync(path);
    outcome.removed.push(path);
  }
  return outcome;
}

/** The generated files that are missing, differ, or are generated leftovers that would be removed. */
export function findStaleFiles(files: readonly GeneratedFile[], outDir: string): string[] {
  const differing = files.filter((file) => !existsSync(file.path) || readFileSync(file.path, 'utf8') !== file.content).map((f) => f.path);
  return [...differing, ...leftovers(files, outDir)];
}

function leftovers(files: readonly GeneratedFile[], outDir: string): string[] {
  const dir = resolve(outDir);
  if (!existsSync(dir)) return [];
  const expected = new Set(files.map((f) => f.path));
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name))
    .filter((path) => !expected.has(path) && readFileSync(path, 'utf8').startsWith(GENERATED_MARK))
    .sort();
}
