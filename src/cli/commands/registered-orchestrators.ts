import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildFunctionRegistry } from '../../registry/function-registry';
import type { Constructor } from '../../registry/function-registration';

/** Where codegen's registration list lands when an app builds to dist/ (the `durable init` layout). */
export const DEFAULT_FUNCTIONS_MODULE = 'dist/generated/durable-functions.js';

/**
 * The orchestrator names the app registers, read from its registration list: `--functions
 * <module>`, else dist/generated/durable-functions.js when present; undefined when neither is
 * there (the CLI cannot know, so it does not warn). The module exports `durableFunctions`
 * (codegen's list) or a default array of classes. A path, not a file URL: the CommonJS build turns
 * `import()` into `require()`, which loads an ESM app's module too on Node 20.19+.
 */
export async function registeredOrchestrators(cwd: string, functionsModule: string | undefined): Promise<readonly string[] | undefined> {
  const classes = await loadAppFunctions(cwd, functionsModule);
  return classes === undefined ? undefined : buildFunctionRegistry(classes).orchestratorNames();
}

/** The app's registration list (see registeredOrchestrators for where it is looked for); undefined when there is none. */
export async function loadAppFunctions(cwd: string, functionsModule: string | undefined): Promise<readonly Constructor[] | undefined> {
  const path = resolve(cwd, functionsModule ?? DEFAULT_FUNCTIONS_MODULE);
  if (functionsModule === undefined && !existsSync(path)) return undefined;
  const loaded = (await import(path)) as { durableFunctions?: unknown; default?: unknown };
  const classes = Array.isArray(loaded.durableFunctions) ? loaded.durableFunctions : Array.isArray(loaded.default) ? loaded.default : undefined;
  if (classes === undefined) throw new Error(`${path} exports no 'durableFunctions' array (codegen's registration list).`);
  return classes as Constructor[];
}
