import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { CodegenOptions } from './generate';
import { resolveCodegenOptions } from './resolve-codegen-options';
import { formatDiagnostic } from './model/codegen-diagnostic';
import { runCodegen, type CodegenRun } from './run-codegen';
import { watchCodegen } from './watch-codegen';

export interface CliIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Ends `--watch` (the command line ends it with Ctrl+C instead). */
  readonly signal?: AbortSignal;
}

const USAGE = `Usage: durable codegen [--project tsconfig.json] [--include src]... [--out src/generated] [--check | --watch] [--determinism warn]

Scans the classes decorated with durable-ts's @Orchestrator / @Activities / @Activity / @Entity
and writes typed call maps (durable-types.ts) and a registration list (durable-functions.ts,
exporting durableFunctions) to --out. Relative imports follow the tsconfig's module settings.
  --project   the tsconfig of the project (default: tsconfig.json)
  --include   scan only this folder or file (repeatable; default: src when it exists, else every file of the tsconfig)
  --out       output folder (default: src/generated)
  --check     write nothing; exit 1 and name the files that are out of date
  --watch     regenerate whenever a scanned file or the tsconfig changes (until Ctrl+C)
  --determinism warn
              report orchestrator code that is not replay-safe without failing (default: error,
              nothing is written); \`durable check\` runs the same analysis alone`;

/** Runs the codegen command; resolves to the exit code (0 ok, 1 errors or stale output, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values: { project?: string; include?: string[]; out?: string; check?: boolean; watch?: boolean; determinism?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        project: { type: 'string', short: 'p' },
        include: { type: 'string', multiple: true },
        out: { type: 'string' },
        check: { type: 'boolean' },
        watch: { type: 'boolean', short: 'w' },
        determinism: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
    if (values.check === true && values.watch === true) throw new Error('--check and --watch cannot be used together');
    if (values.determinism !== undefined && values.determinism !== 'error' && values.determinism !== 'warn') {
      throw new Error(`--determinism is error or warn, not ${values.determinism}`);
    }
  } catch (error) {
    io.err(`codegen: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const options: CodegenOptions = {
    ...resolveCodegenOptions(io.cwd, values),
    ...(values.determinism === 'warn' ? { determinism: 'warn' as const } : {}),
  };
  const report = new Reporter(io);
  if (values.watch === true) return watchUntilAborted(options, report, io.signal);
  try {
    return report.run(runCodegen({ ...options, check: values.check === true }), values.check === true);
  } catch (error) {
    io.err(`codegen: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

async function watchUntilAborted(options: CodegenOptions, report: Reporter, signal: AbortSignal | undefined): Promise<number> {
  report.io.out(`codegen: watching ${options.include.map((path) => report.show(path)).join(', ') || report.show(options.project)} (Ctrl+C to stop)`);
  const watcher = watchCodegen(options, (run) => {
    if (run instanceof Error) report.io.err(`codegen: ${run.message}`);
    else report.run(run, false);
  });
  await new Promise<void>((done) => {
    if (signal?.aborted === true) return done();
    signal?.addEventListener('abort', () => done(), { once: true });
    if (signal === undefined) process.once('SIGINT', () => done());
  });
  watcher.close();
  return 0;
}

/** Prints one run the way every mode shows it, and gives its exit code. */
class Reporter {
  constructor(readonly io: CliIo) {}

  show(path: string): string {
    return relative(this.io.cwd, path).split('\\').join('/') || '.';
  }

  run(run: CodegenRun, check: boolean): number {
    const { io } = this;
    const { diagnostics, warnings } = run.result;
    for (const warning of warnings) io.err(formatDiagnostic(warning, io.cwd, 'warning'));
    if (warnings.length > 0) io.err(`codegen: ${warnings.length} determinism warning(s) (--determinism warn)`);
    if (diagnostics.length > 0) {
      for (const diagnostic of diagnostics) io.err(formatDiagnostic(diagnostic, io.cwd));
      io.err(`codegen: ${diagnostics.length} error(s); nothing was written`);
      return 1;
    }
    const out = run.result.outDir;
    if (check) {
      if (run.stale.length === 0) {
        io.out(`codegen: ${this.show(out)} is up to date`);
        return 0;
      }
      for (const path of run.stale) io.err(`codegen --check: ${this.show(path)} is out of date`);
      io.err(`codegen --check: run \`${run.result.command}\` and commit the result`);
      return 1;
    }
    for (const path of run.written) io.out(`codegen: wrote ${this.show(path)}`);
    for (const path of run.removed) io.out(`codegen: removed ${this.show(path)}`);
    if (run.written.length === 0 && run.removed.length === 0) io.out(`codegen: ${this.show(out)} is up to date`);
    return 0;
  }
}
