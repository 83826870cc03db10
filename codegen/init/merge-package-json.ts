import { SCAFFOLD_DEV_DEPENDENCIES, type DurablePackage } from './durable-package';
import { packageTypeOf, type ModuleSystem } from './module-system';
import type { PackageManifest } from './package-manifest';

/** The scripts the scaffold's README steps rely on (`durable codegen` writes src/generated first). */
export const SCAFFOLD_SCRIPTS: Readonly<Record<string, string>> = {
  build: 'durable codegen && tsc',
  start: 'node dist/main.js',
  dev: 'durable dev',
  test: 'durable codegen && vitest run',
  codegen: 'durable codegen',
};

export interface MergePackageInput {
  readonly packageName: string;
  readonly moduleSystem: ModuleSystem;
  /** Whether --esm or --cjs chose the module system (only then can "type" contradict it). */
  readonly explicitModuleSystem: boolean;
  readonly force: boolean;
  readonly durable: DurablePackage;
}

export interface MergedPackage {
  readonly manifest: PackageManifest;
  /** Existing scripts that differ from the scaffold's and were left alone. */
  readonly keptScripts: readonly string[];
  /** Existing scripts that differ from the scaffold's and were replaced (--force). */
  readonly replacedScripts: readonly string[];
  /** Set when the existing "type" contradicts --esm/--cjs and --force was not given. */
  readonly refusal?: string;
}

/**
 * The scaffold's package.json: a new one, or the existing one with what is missing added. Existing
 * fields, dependencies and key order are kept; new keys are appended, so a diff shows only additions.
 */
export function mergePackageJson(existing: PackageManifest | undefined, input: MergePackageInput): MergedPackage {
  const base: PackageManifest = existing ?? { name: input.packageName, version: '0.1.0', private: true };
  const type = packageTypeOf(input.moduleSystem);
  const refusal =
    input.explicitModuleSystem && base.type !== undefined && base.type !== type && !input.force
      ? `package.json has "type": ${JSON.stringify(base.type)}, which contradicts --${input.moduleSystem}; drop the flag or run with --force to set "type": "${type}"`
      : undefined;
  const scripts = mergeScripts(record(base.scripts), input.force);
  const dependencies = { ...record(base.dependencies) };
  const devDependencies = { ...record(base.devDependencies) };
  // A package the user already lists (in either section) keeps its place and range.
  const listed = (name: string): boolean => name in dependencies || name in devDependencies;
  if (!listed('durable-ts')) dependencies['durable-ts'] = `^${input.durable.version}`;
  for (const name of SCAFFOLD_DEV_DEPENDENCIES) if (!listed(name)) devDependencies[name] = input.durable.devDependencyRanges[name];
  const manifest: PackageManifest = {
    ...base,
    type: base.type === undefined || input.force ? type : base.type,
    scripts: scripts.merged,
    dependencies,
    devDependencies,
  };
  return { manifest, keptScripts: scripts.kept, replacedScripts: scripts.replaced, ...(refusal !== undefined ? { refusal } : {}) };
}

function mergeScripts(existing: Record<string, unknown>, force: boolean): { merged: Record<string, unknown>; kept: string[]; replaced: string[] } {
  const merged = { ...existing };
  const kept: string[] = [];
  const replaced: string[] = [];
  for (const [name, command] of Object.entries(SCAFFOLD_SCRIPTS)) {
    if (!(name in merged)) merged[name] = command;
    else if (merged[name] === command) continue;
    else if (force) {
      merged[name] = command;
      replaced.push(name);
    } else kept.push(name);
  }
  return { merged, kept, replaced };
}

/** A field that should be an object of strings, as a fresh copy (anything else counts as empty). */
function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}
