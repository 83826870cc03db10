import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchRow } from './bench-row';
import { CliUsageError, parseCliOptions, USAGE } from './cli-options';
import { probeFsync } from './disk-probe';
import { machineInfo } from './machine-info';
import { formatProblems, formatTable } from './report';
import { writeResultsFile } from './results-file';
import type { Scenario } from './scenario';
import { scenarios } from './scenarios';
import { benchSettings } from './settings';

/** The package root: this file runs from dist/bench/. */
const REPOSITORY_ROOT = resolve(__dirname, '..', '..');
const RESULTS_PATH = join(REPOSITORY_ROOT, 'bench-results', 'latest.json');

function scenarioList(): string {
  return scenarios.map((s) => `  ${s.name.padEnd(16)} ${s.description}`).join('\n');
}

function selectScenarios(name: string | undefined): readonly Scenario[] {
  if (name === undefined) return scenarios;
  const found = scenarios.find((s) => s.name === name);
  if (found === undefined) throw new CliUsageError(`Unknown scenario '${name}'.`);
  return [found];
}

/** Runs the selected scenarios, prints the table and writes bench-results/latest.json. */
async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.help) {
    console.log(`${USAGE}\n\nScenarios:\n${scenarioList()}`);
    return;
  }
  const selected = selectScenarios(options.scenario);
  const settings = benchSettings(options.quick);
  const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
  const startedAt = new Date();
  const machine = machineInfo(REPOSITORY_ROOT);
  const fsyncProbe = await probeFsync(settings.fsyncProbeCount);
  progress(`${settings.profile} profile; ${machine.cpus} CPUs, Node ${machine.nodeVersion}; scenarios: ${selected.map((s) => s.name).join(', ')}`);
  progress(`fsync in ${tmpdir()}: p50 ${fsyncProbe.p50Ms.toFixed(2)} ms, p99 ${fsyncProbe.p99Ms.toFixed(2)} ms (${fsyncProbe.samples} samples)`);

  const rows: BenchRow[] = [];
  for (const scenario of selected) rows.push(...(await scenario.run(settings, progress)));

  await writeResultsFile(RESULTS_PATH, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    fsyncProbe,
    settings,
    scenarios: selected.map((s) => s.name),
    rows,
  });
  console.log(formatTable(rows));
  const problems = formatProblems(rows);
  if (problems.length > 0) {
    console.log(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
  progress(`results written to ${RESULTS_PATH}`);
}

main().catch((error: unknown) => {
  if (error instanceof CliUsageError) {
    console.error(`${error.message}\n\n${USAGE}\n\nScenarios:\n${scenarioList()}`);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
