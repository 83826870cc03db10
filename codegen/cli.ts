import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findStaleFiles, writeGeneratedFiles } from './emit/write-files';
import { generate } from './generate';
import { formatDiagnostic } from './model/codegen-diagnostic';

export interface CliIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: node dist/codegen/main.js [--project tsconfig.json] [--include <folder>]... [--out src/generated] [--check]

Scans the classes decorated with durable-ts's @Orchestrator / @Activities / @Activity / @Entity
and writes typed call maps (durable-types.ts) and a registration list (durable-functions.ts) to --out.
  --project   the tsconfig of the project (default: tsconfig.json)
  --include   scan only this folder or file (repeatable; default: every file of the tsconfig)
  --out       output folder (default: src/generated)
  --check     write nothing; exit 1 and name the files that are out of date`;

/** Runs the codegen command; returns the exit code (0 ok, 1 errors or stale output, 2 usage). */
export function runCli(argv: readonly string[], io: CliIo): number {
  let values: { project?: string; include?: string[]; out?: string; check?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        project: { type: 'string', short: 'p' },
        include: { type: 'string', multiple: true },
        out: { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`codegen: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const out = values.out ?? 'src/generated';
  const show = (path: string): string => relative(io.cwd, path).split('\\').join('/');
  let result;
  try {
    result = generate({ project: values.project ?? 'tsconfig.json', include: values.include ?? [], out });
  } catch (error) {
    io.err(`codegen: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (result.diagnostics.length > 0) {
    for (const diagnostic of result.diagnostics) io.err(formatDiagnostic(diagnostic, io.cwd));
    io.err(`codegen: ${result.diagnostics.length} error(s); nothing was written`);
    return 1;
  }
  if (values.check === true) {
    const stale = findStaleFiles(result.files, out);
    if (stale.length === 0) {
      io.out(`codegen: ${show(out)} is up to date`);
      return 0;
    }
    for (const path of stale) io.err(`codegen --check: ${show(path)} is out of date`);
    io.err('codegen --check: run the codegen (npm run codegen) and commit the result');
    return 1;
  }
  const outcome = writeGeneratedFiles(result.files, out);
  for (const path of outcome.written) io.out(`codegen: wrote ${show(path)}`);
  for (const path of outcome.removed) io.out(`codegen: removed ${show(path)}`);
  if (outcome.written.length === 0 && outcome.removed.length === 0) io.out(`codegen: ${show(out)} is up to date`);
  return 0;
}
