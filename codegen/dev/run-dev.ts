import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveCodegenOptions } from '../resolve-codegen-options';
import { watchCodegen } from '../watch-codegen';

export interface DevIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Ends the loop (the command line ends it with Ctrl+C instead). */
  readonly signal?: AbortSignal;
}

const USAGE = `Usage: durable dev [--entry dist/main.js] [--project tsconfig.json]

The edit loop of an app: durable codegen --watch, tsc --watch, and node --watch on the entry
(restarted whenever its compiled files change), until Ctrl+C.
  --entry     the compiled file to run (default: package.json "main", else dist/main.js)
  --project   the tsconfig (default: tsconfig.json)`;

/**
 * `durable dev`: regenerates the typed stubs on save (in this process), and runs the app's own
 * TypeScript compiler and Node's --watch as child processes, so a saved change is compiled and
 * the app restarted without any other tool. Resolves to the exit code when stopped.
 */
export async function runDev(argv: readonly string[], io: DevIo): Promise<number> {
  let values: { entry?: string; project?: string; help?: boolean };
  try {
    values = parseArgs({ args: [...argv], options: { entry: { type: 'string' }, project: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    io.err(`durable dev: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const options = resolveCodegenOptions(io.cwd, values.project !== undefined ? { project: values.project } : {});
  const { project } = options;
  const tsc = findTsc(io.cwd);
  if (tsc === undefined) {
    io.err('durable dev: the TypeScript compiler is not installed in this app: npm install --save-dev typescript');
    return 1;
  }
  const entry = join(io.cwd, values.entry ?? mainOf(io.cwd) ?? 'dist/main.js');
  const watcher = watchCodegen(options, (run) => {
    if (run instanceof Error) io.err(`codegen: ${run.message}`);
    else if (run.result.diagnostics.length > 0) io.err(`codegen: ${run.result.diagnostics.length} error(s); see durable codegen`);
    else for (const path of run.written) io.out(`codegen: wrote ${path}`);
  });
  const children: ChildProcess[] = [
    spawn(process.execPath, [tsc, '--watch', '--preserveWatchOutput', '-p', project], { cwd: io.cwd, stdio: 'inherit' }),
    spawn(process.execPath, ['--watch', '--enable-source-maps', entry], { cwd: io.cwd, stdio: 'inherit' }),
  ];
  await new Promise<void>((done) => {
    if (io.signal?.aborted === true) return done();
    io.signal?.addEventListener('abort', () => done(), { once: true });
    if (io.signal === undefined) process.once('SIGINT', () => done());
    for (const child of children) child.once('exit', () => done());
  });
  watcher.close();
  for (const child of children) child.kill('SIGTERM');
  return 0;
}

/** The app's own `tsc`, so the compiler version is the app's. */
function findTsc(cwd: string): string | undefined {
  try {
    return createRequire(join(cwd, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined; // not installed: reported by the caller
  }
}

function mainOf(cwd: string): string | undefined {
  const path = join(cwd, 'package.json');
  if (!existsSync(path)) return undefined;
  const main = (JSON.parse(readFileSync(path, 'utf8')) as { main?: unknown }).main;
  return typeof main === 'string' ? main : undefined;
}
