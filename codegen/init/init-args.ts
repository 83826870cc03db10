import { parseArgs } from 'node:util';
import type { ModuleSystem } from './module-system';

export const INIT_USAGE = `Usage: durable init [--esm | --cjs] [--force]

Scaffolds a durable-ts app in the current folder: package.json (created, or merged into the
existing one), tsconfig.json, host.json, .gitignore, an orchestrator, an activity class, an
entity, an HTTP starter, src/main.ts and a vitest test.
  --esm     an ES module package ("type": "module")
  --cjs     a CommonJS package ("type": "commonjs")
            default: what package.json's "type" says (none: CommonJS); ESM when there is no package.json
  --force   overwrite files that differ and scripts of the same name; change a contradicting "type"`;

export interface InitOptions {
  /** Undefined when neither --esm nor --cjs was given: package.json decides. */
  readonly moduleSystem: ModuleSystem | undefined;
  readonly force: boolean;
}

export type ParsedInitArgs =
  | { readonly kind: 'run'; readonly options: InitOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Reads `durable init`'s arguments; never throws (a bad argument is a usage error). */
export function parseInitArgs(argv: readonly string[]): ParsedInitArgs {
  let values: { esm?: boolean; cjs?: boolean; force?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: { esm: { type: 'boolean' }, cjs: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: 'help' };
  if (values.esm === true && values.cjs === true) return { kind: 'usage-error', message: '--esm and --cjs exclude each other: choose one' };
  const moduleSystem = values.esm === true ? 'esm' : values.cjs === true ? 'cjs' : undefined;
  return { kind: 'run', options: { moduleSystem, force: values.force === true } };
}
