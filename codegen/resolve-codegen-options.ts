import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CODEGEN_OPTIONS, type CodegenOptions } from './generate';

/** What a command line may say about the project; anything left out takes the default. */
export interface CodegenPathArguments {
  readonly project?: string;
  readonly include?: readonly string[];
  readonly out?: string;
}

/**
 * The absolute project, include and output paths of `durable codegen`, `check` and `dev`, read
 * from `cwd`: the tsconfig there, `src` when it exists (else every file of the tsconfig), and
 * `src/generated`. One place, so the three commands always agree on what they look at.
 */
export function resolveCodegenOptions(cwd: string, args: CodegenPathArguments = {}): CodegenOptions {
  const at = (path: string): string => resolve(cwd, path);
  const include = args.include ?? DEFAULT_CODEGEN_OPTIONS.include.filter((path) => existsSync(at(path)));
  return {
    project: at(args.project ?? DEFAULT_CODEGEN_OPTIONS.project),
    include: include.map(at),
    out: at(args.out ?? DEFAULT_CODEGEN_OPTIONS.out),
  };
}
