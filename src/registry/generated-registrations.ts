import type { DurableSchemas } from '../model/input-schemas';
import type { Constructor } from './function-registration';
import type { FunctionRegistry } from './function-registry';

/** The function names codegen saw when it wrote a registration list. */
export interface CodegenManifest {
  readonly activities: readonly string[];
  readonly orchestrators: readonly string[];
  readonly entities: readonly string[];
}

const MANIFEST = Symbol.for('durable-ts.codegenManifest');
const SCHEMAS = Symbol.for('durable-ts.codegenSchemas');

/**
 * The registration list that generated code exports (`durableFunctions`): the classes, carrying
 * what codegen saw, so the host can tell at start-up when the generated files are older than the
 * decorators (a function renamed, added or removed since the last `durable codegen`), and the
 * JSON Schemas of the declared inputs, which the host checks inputs against. A copy of the list
 * (`[...durableFunctions, Other]`) is an ordinary array: neither compared nor validated.
 */
export function generatedRegistrations<T extends readonly Constructor[]>(classes: T, manifest: CodegenManifest, schemas?: DurableSchemas): T {
  Object.defineProperty(classes, MANIFEST, { value: manifest, enumerable: false });
  if (schemas !== undefined) Object.defineProperty(classes, SCHEMAS, { value: schemas, enumerable: false });
  return classes;
}

/** The input schemas a generated registration list carries, or undefined for any other list. */
export function readCodegenSchemas(classes: readonly Constructor[]): DurableSchemas | undefined {
  return (classes as unknown as Record<symbol, DurableSchemas | undefined>)[SCHEMAS];
}

/** The manifest a generated registration list carries, or undefined for any other list. */
export function readCodegenManifest(classes: readonly Constructor[]): CodegenManifest | undefined {
  return (classes as unknown as Record<symbol, CodegenManifest | undefined>)[MANIFEST];
}

/** Where the registry (the decorators) and the manifest (codegen) differ, one line each; empty when they agree. */
export function compareWithManifest(registry: FunctionRegistry, manifest: CodegenManifest): string[] {
  const kinds = [
    ['activity', registry.activityNames(), manifest.activities],
    ['orchestrator', registry.orchestratorNames(), manifest.orchestrators],
    ['entity', registry.entityNames(), manifest.entities],
  ] as const;
  return kinds.flatMap(([kind, declared, generated]) => {
    const known = new Set(generated.map((name) => name.toLowerCase()));
    const current = new Set(declared.map((name) => name.toLowerCase()));
    return [
      ...declared.filter((name) => !known.has(name.toLowerCase())).map((name) => `${kind} '${name}' is declared but not in the generated files`),
      ...generated.filter((name) => !current.has(name.toLowerCase())).map((name) => `${kind} '${name}' is in the generated files but no longer declared`),
    ];
  });
}
