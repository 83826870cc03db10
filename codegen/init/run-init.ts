import { basename, join } from 'node:path';
import { findDurablePackage } from './durable-package';
import { INIT_USAGE, parseInitArgs } from './init-args';
import { conflictLines, reportLines } from './init-report';
import { mergeGitignore } from './merge-gitignore';
import { mergePackageJson } from './merge-package-json';
import { decideModuleSystem } from './module-system';
import { formatManifest, parseManifest, type PackageManifest } from './package-manifest';
import { applyWrites, planWrites, readIfPresent } from './plan-writes';
import { hubNameFrom, packageNameFrom } from './project-names';
import { renderScaffold, type ScaffoldFile } from './render-scaffold';
import { scaffoldTsconfig } from './scaffold-tsconfig';

export interface InitIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

/** Files whose existing content is merged with the scaffold's rather than replaced. */
const MERGED_PATHS: ReadonlySet<string> = new Set(['package.json', '.gitignore']);

/**
 * `durable init`: scaffolds an app in `io.cwd`. Everything is computed before anything is
 * written, so a refusal leaves the folder as it was. Returns the exit code: 0 written (or
 * already up to date), 1 refused (conflicting files, a package.json it cannot use), 2 usage.
 */
export function runInit(argv: readonly string[], io: InitIo): number {
  const args = parseInitArgs(argv);
  if (args.kind === 'help') {
    io.out(INIT_USAGE);
    return 0;
  }
  if (args.kind === 'usage-error') {
    io.err(`durable init: ${args.message}\n${INIT_USAGE}`);
    return 2;
  }
  const { force } = args.options;
  const durable = findDurablePackage();

  const existingText = readIfPresent(join(io.cwd, 'package.json'));
  let existing: PackageManifest | undefined;
  if (existingText !== undefined) {
    const read = parseManifest(existingText);
    if (!read.ok) {
      io.err(`durable init: ${read.problem}`);
      return 1;
    }
    existing = read.manifest;
  }
  const moduleSystem = decideModuleSystem(args.options.moduleSystem, existing);
  const folderName = basename(io.cwd);
  const merged = mergePackageJson(existing, {
    packageName: packageNameFrom(folderName),
    moduleSystem,
    explicitModuleSystem: args.options.moduleSystem !== undefined,
    force,
    durable,
  });
  if (merged.refusal !== undefined) {
    io.err(`durable init: nothing was written; ${merged.refusal}`);
    return 1;
  }

  const files: ScaffoldFile[] = [
    // An existing package.json that gains nothing keeps its text (and its formatting).
    { path: 'package.json', content: existingText !== undefined && sameJson(existing, merged.manifest) ? existingText : formatManifest(merged.manifest) },
    { path: 'tsconfig.json', content: scaffoldTsconfig() },
    ...renderScaffold(durable.templatesDir, { hubName: hubNameFrom(folderName) }).map((file) =>
      file.path === '.gitignore' ? { ...file, content: mergeGitignore(readIfPresent(join(io.cwd, file.path)), file.content) } : file,
    ),
  ];
  const writes = planWrites(io.cwd, files, MERGED_PATHS, force);
  const conflicts = writes.filter((write) => write.action === 'conflict');
  if (conflicts.length > 0) {
    for (const line of conflictLines(conflicts)) io.err(line);
    return 1;
  }
  applyWrites(io.cwd, writes);
  const scripts = (existing?.scripts ?? {}) as Readonly<Record<string, unknown>>;
  for (const line of reportLines(moduleSystem, writes, merged, scripts)) io.out(line);
  return 0;
}

/** Same keys in the same order with the same values. */
function sameJson(a: PackageManifest | undefined, b: PackageManifest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
