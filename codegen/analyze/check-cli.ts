import { parseArgs } from 'node:util';
import { resolveCodegenOptions } from '../resolve-codegen-options';
import { formatDiagnostic } from '../model/codegen-diagnostic';
import { analyzeDeterminism } from './analyze-determinism';

export interface CheckIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: durable check [--project tsconfig.json] [--include src]... [--out src/generated]

Reports orchestrator code that is not replay-safe (the determinism analysis of durable codegen),
with file:line:column, the rule and the replay-safe alternative. Writes nothing; exits 1 on
findings, 0 when clean (for editors and CI).
  --project   the tsconfig of the project (default: tsconfig.json)
  --include   analyse only the orchestrators in this folder or file (repeatable; default: src when it exists, else every file of the tsconfig)
  --out       the generated output folder, never analysed (default: src/generated)`;

/** Runs `durable check`; resolves to the exit code (0 clean, 1 findings, 2 usage or a project that cannot be opened). */
export function runCheck(argv: readonly string[], io: CheckIo): number {
  let values: { project?: string; include?: string[]; out?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: { project: { type: 'string', short: 'p' }, include: { type: 'string', multiple: true }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`check: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const { project, include, out } = resolveCodegenOptions(io.cwd, values);
  try {
    const findings = analyzeDeterminism({ project, include, exclude: [out] });
    for (const finding of findings) io.err(formatDiagnostic(finding, io.cwd));
    if (findings.length === 0) {
      io.out('check: no determinism findings');
      return 0;
    }
    io.err(`check: ${findings.length} finding(s)`);
    return 1;
  } catch (error) {
    io.err(`check: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}
