import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The dev dependencies a scaffolded app needs: the compiler, codegen's ts-morph and ts-json-schema-generator, and vitest with swc. */
export const SCAFFOLD_DEV_DEPENDENCIES = ['@swc/core', '@types/node', 'ts-json-schema-generator', 'ts-morph', 'typescript', 'unplugin-swc', 'vitest'] as const;

/** What the scaffold takes from the installed durable-ts: its version and the ranges it is tested with. */
export interface DurablePackage {
  /** The folder holding durable-ts's package.json and templates/. */
  readonly root: string;
  /** `templates/init` of the package. */
  readonly templatesDir: string;
  readonly version: string;
  /** Version range of each of SCAFFOLD_DEV_DEPENDENCIES. */
  readonly devDependencyRanges: Readonly<Record<string, string>>;
}

/**
 * Finds durable-ts's root by walking up from this file until `templates/init` exists: the source
 * runs from codegen/init/, the compiled file from dist/codegen/init/ of the installed package.
 */
export function findDurablePackage(from: string = __dirname): DurablePackage {
  for (let dir = from; ; dir = dirname(dir)) {
    const templatesDir = join(dir, 'templates', 'init');
    if (existsSync(templatesDir)) return readDurablePackage(dir, templatesDir);
    if (dirname(dir) === dir) throw new Error(`durable init: templates/init not found above ${from}; the durable-ts package is incomplete`);
  }
}

function readDurablePackage(root: string, templatesDir: string): DurablePackage {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version?: string;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    dependencies?: Record<string, string>;
  };
  if (manifest.version === undefined) throw new Error(`durable init: ${join(root, 'package.json')} has no version`);
  const devDependencyRanges: Record<string, string> = {};
  for (const name of SCAFFOLD_DEV_DEPENDENCIES) {
    // The order matters only while a package is listed twice; ts-morph may move to peerDependencies.
    const range = manifest.devDependencies?.[name] ?? manifest.peerDependencies?.[name] ?? manifest.dependencies?.[name];
    if (range === undefined) throw new Error(`durable init: durable-ts's package.json lists no version of ${name}`);
    devDependencyRanges[name] = range;
  }
  return { root, templatesDir, version: manifest.version, devDependencyRanges };
}
