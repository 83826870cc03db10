import { benchHostDefaults } from './bench-host';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchRow } from './bench-row';
import { tidyBenchSchema } from './postgres-housekeeping';
import { BENCH_POSTGRES_SCHEMA, benchPostgresUrl, probePostgres, redactUrl, type BenchEnvironment, type BenchStorage } from './bench-storage';
import { CliUsageError, parseCliOptions, USAGE, type CliOptions } from './cli-options';
import { probeFsync } from './disk-probe';
import { machineInfo } from './machine-info';
import { withPeerFields } from './peer-fields';
import { installQueryCounter } from './query-counter';
import { formatProblems, formatScaleOutSummary, formatTable } from './report';
import { writeResultsFile } from './results-file';
import type { Scenario } from './scenario';
import { scenarios } from './scenarios';
import { benchSettings, type BenchSettings } from './settings';

/** The package root: this file runs from dist/bench/. */
const REPOSITORY_ROOT = resolve(__dirname, '..', '..');
const RESULTS_PATH = join(REPOSITORY_ROOT, 'bench-results', 'latest.json');

function scenarioList(): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `  ${s.name.padEnd(width)}  ${s.description}${s.inQuickRun === false ? ' (not in --quick unless named)' : ''}`).join('\n');
}

function selectScenarios(name: string | undefined, quick: boolean): readonly Scenario[] {
  if (name === undefined) return quick ? scenarios.filter((s) => s.inQuickRun !== false) : scenarios;
  const found = scenarios.find((s) => s.name === name);
  if (found === undefined) throw new CliUsageError(`Unknown scenario '${name}'.`);
  return [found];
}

/** SQLite always (unless --provider postgres); PostgreSQL when selected and reachable, else a note saying why not. */
async function benchEnvironment(options: CliOptions, progress: (line: string) => void): Promise<BenchEnvironment> {
  const notes: string[] = [];
  const storages: BenchStorage[] = options.provider === 'postgres' ? [] : [{ kind: 'sqlite' }];
  if (options.provider === 'sqlite') return { storages, notes };
  const url = benchPostgresUrl();
  const unreachable = await probePostgres(url);
  if (unreachable !== undefined) {
    notes.push(
      `PostgreSQL rows skipped: ${redactUrl(url)} is not reachable (${unreachable}). ` +
        'Start the server or set DURABLE_PG_URL=postgres://user:password@host:port/database.',
    );
    progress(notes[notes.length - 1] as string);
    return { storages, notes };
  }
  const postgres = { url, schema: BENCH_POSTGRES_SCHEMA };
  progress(`PostgreSQL: ${redactUrl(url)}, schema ${BENCH_POSTGRES_SCHEMA} (a fresh hub per host, deleted afterwards)`);
  const tidied = await tidyBenchSchema(url, BENCH_POSTGRES_SCHEMA);
  if (tidied !== undefined) {
    notes.push(tidied);
    progress(tidied);
  }
  return { storages: [...storages, { kind: 'postgres', postgres }], postgres, notes };
}

/** The settings with `instances` waiting instances on every provider (the profile's counts when undefined). */
function withInstances(settings: BenchSettings, instances: number | undefined): BenchSettings {
  if (instances === undefined) return settings;
  return { ...settings, waitingInstances: { ...settings.waitingInstances, instances, postgresInstances: instances } };
}

/** The settings with only the Hello Sequence loops of `clients` clients (all of them when undefined). */
function withClients(settings: BenchSettings, clients: number | undefined): BenchSettings {
  if (clients === undefined) return settings;
  const runs = settings.helloSequence.runs.filter((run) => run.concurrency === clients);
  if (runs.length === 0) throw new CliUsageError(`No hello-sequence run has ${clients} clients (${settings.helloSequence.runs.map((r) => r.concurrency).join(' or ')}).`);
  return { ...settings, helloSequence: { ...settings.helloSequence, runs } };
}

/** Runs the selected scenarios, prints the table and writes bench-results/latest.json. */
async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.help) {
    console.log(`${USAGE}\n\nScenarios:\n${scenarioList()}`);
    return;
  }
  const selected = selectScenarios(options.scenario, options.quick);
  installQueryCounter();
  if (options.queuesOnly) {
    benchHostDefaults.localActivityDispatch = false;
    benchHostDefaults.eagerStart = false;
  }
  const settings = withInstances(withClients(benchSettings(options.quick), options.clients), options.instances);
  const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
  const startedAt = new Date();
  const machine = machineInfo(REPOSITORY_ROOT);
  const fsyncProbe = await probeFsync(settings.fsyncProbeCount);
  progress(`${settings.profile} profile; ${machine.cpus} CPUs, Node ${machine.nodeVersion}; scenarios: ${selected.map((s) => s.name).join(', ')}`);
  progress(`fsync in ${tmpdir()}: p50 ${fsyncProbe.p50Ms.toFixed(2)} ms, p99 ${fsyncProbe.p99Ms.toFixed(2)} ms (${fsyncProbe.samples} samples)`);
  const environment = await benchEnvironment(options, progress);

  const rows: BenchRow[] = [];
  for (const scenario of selected) rows.push(...(await scenario.run(settings, progress, environment)));

  await writeResultsFile(RESULTS_PATH, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    fsyncProbe,
    settings,
    scenarios: selected.map((s) => s.name),
    providers: environment.storages.map((s) => s.kind),
    notes: environment.notes,
    rows: rows.map(withPeerFields),
  });
  console.log(formatTable(rows));
  const scaleOut = formatScaleOutSummary(rows);
  if (scaleOut.length > 0) {
    console.log(`\nScale-out: worker processes on one PostgreSQL hub (this machine: ${machine.cpus} CPUs, shared with the server and the bench process)`);
    console.log(scaleOut.join('\n'));
  }
  if (environment.notes.length > 0) console.log(`\n${environment.notes.join('\n')}`);
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
