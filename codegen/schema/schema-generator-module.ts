import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as SchemaGeneratorModule from 'ts-json-schema-generator';
import type * as TypeScriptModule from 'typescript';

/** ts-json-schema-generator, and the TypeScript it was built against (its own dependency). */
export interface SchemaTooling {
  readonly generator: typeof SchemaGeneratorModule;
  readonly ts: typeof TypeScriptModule;
}

/** The version this package is tested with (package.json pins it), named in the install hint. */
const TESTED_VERSION = '2.4.0';

/**
 * Loads ts-json-schema-generator on first use. It is an optional peer dependency, like ts-morph:
 * only `durable codegen` needs it, so an app that only runs does not install it. The program it
 * reads is built with the `typescript` that the generator itself resolves, not ts-morph's bundled
 * copy, because the generator compares syntax kinds of its own TypeScript version.
 */
export function loadSchemaTooling(): SchemaTooling {
  let generatorPath: string;
  try {
    generatorPath = require.resolve('ts-json-schema-generator');
  } catch {
    throw new Error(
      `durable codegen needs ts-json-schema-generator (an optional peer dependency of durable-ts, only needed to build) to write the input schemas that the host checks at its doors: npm install --save-dev ts-json-schema-generator@${TESTED_VERSION}`,
    );
  }
  const fromGenerator = createRequire(generatorPath);
  const generator = fromGenerator(generatorPath) as typeof SchemaGeneratorModule;
  const ts = fromGenerator(fromGenerator.resolve('typescript', { paths: [dirname(generatorPath)] })) as typeof TypeScriptModule;
  return { generator, ts };
}
