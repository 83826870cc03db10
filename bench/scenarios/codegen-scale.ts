import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { writeGeneratedFiles } from '../../codegen/emit/write-files';
import type { CodegenResult, generate } from '../../codegen/generate';
import type { BenchRow } from '../bench-row';
import type { InstanceProblem } from '../closed-loop';
import { writeCodegenFixtureProject, type CodegenFixtureProject, type CodegenFixtureSize } from '../codegen-fixture-project';
import type { ProgressLog, Scenario } from '../scenario';
import { perSecond, summarizeLatencies } from '../stats';

const SCENARIO = 'codegen-scale';

/** 300 decorated classes (100 orchestrators, 150 activity classes of 3 activities, 50 entities); --quick: 30. */
const FULL_SIZE: CodegenFixtureSize = { orchestrators: 100, activityClasses: 150, activitiesPerClass: 3, entities: 50, typeModules: 20 };
const QUICK_SIZE: CodegenFixtureSize = { orchestrators: 10, activityClasses: 15, activitiesPerClass: 3, entities: 5, typeModules: 4 };

/** The codegen entry points this scenario runs. */
interface Codegen {
  readonly generate: typeof generate;
  readonly writeGeneratedFiles: typeof writeGeneratedFiles;
}

/**
 * Loads the codegen (and with it TypeScript and ts-morph) only when this scenario runs: loaded
 * with the bench, it held ≈ 28 MiB of heap and ≈ 50 MiB of RSS in every other scenario, which
 * the memory figures of waiting-instances would count as the host's.
 */
async function loadCodegen(): Promise<Codegen> {
  const [{ generate }, { writeGeneratedFiles }] = await Promise.all([import('../../codegen/generate'), import('../../codegen/emit/write-files')]);
  return { generate, writeGeneratedFiles };
}

/**
 * Codegen at scale: a synthetic project of hundreds of decorated classes, generated in a temp
 * folder with its own tsconfig. Measures whole runs of the codegen in this process (open the
 * project, scan it with the type checker, render the files; each run loads the project afresh,
 * the first one also pays for JIT warm-up) and one `--check` through the command line in a child
 * process (what CI pays). Time only: nothing is asserted but that the runs succeed and agree.
 */
export const codegenScaleScenario: Scenario = {
  name: SCENARIO,
  inQuickRun: false,
  description: 'codegen over a synthetic project of 300 decorated classes (--quick: 30), in-process and CLI --check',
  async run(settings, progress): Promise<BenchRow[]> {
    const quick = settings.profile === 'quick';
    const size = quick ? QUICK_SIZE : FULL_SIZE;
    const runs = quick ? 2 : 3;
    const codegen = await loadCodegen();
    const fixture = writeCodegenFixtureProject(size);
    try {
      progress(`${SCENARIO}: ${fixture.classes} classes in ${fixture.sourceFiles} files under ${fixture.dir}; ${runs} in-process run(s), then CLI --check`);
      const rows = [inProcessRow(codegen, fixture, size, runs, progress)];
      const cli = cliCheckRow(fixture, progress);
      if (cli !== undefined) rows.push(cli);
      return rows;
    } finally {
      fixture.dispose();
    }
  },
};

function inProcessRow({ generate, writeGeneratedFiles }: Codegen, fixture: CodegenFixtureProject, size: CodegenFixtureSize, runs: number, progress: ProgressLog): BenchRow {
  const durations: number[] = [];
  const results: CodegenResult[] = [];
  const problems: InstanceProblem[] = [];
  const begin = performance.now();
  for (let run = 1; run <= runs; run++) {
    const started = performance.now();
    const result = generate({ project: fixture.tsconfig, include: [fixture.src], out: fixture.out });
    const elapsed = performance.now() - started;
    if (run === 1 && result.diagnostics.length === 0) writeGeneratedFiles(result.files, fixture.out);
    durations.push(elapsed);
    results.push(result);
    const { loadMs, scanMs, analyzeMs, schemaMs, emitMs } = result.timings;
    progress(`${SCENARIO}: run ${run}: ${ms(elapsed)} (load ${ms(loadMs)}, scan ${ms(scanMs)}, analyze ${ms(analyzeMs)}, schemas ${ms(schemaMs)}, emit ${ms(emitMs)})`);
    problems.push(...runProblems(run, result, results[0] as CodegenResult));
  }
  const elapsedMs = performance.now() - begin;
  const latency = summarizeLatencies(durations);
  const first = results[0] as CodegenResult;
  const median = (pick: (r: CodegenResult) => number): number => summarizeLatencies(results.map(pick)).p50Ms;
  return {
    scenario: SCENARIO,
    label: `codegen ${fixture.classes} classes`,
    provider: 'ts-morph',
    concurrency: 1,
    count: runs,
    unit: 'instances',
    throughput: perSecond(runs, elapsedMs),
    instances: runs,
    latency,
    commits: 0,
    commitsPerInstance: 0,
    elapsedMs,
    details: {
      synchronous: 'in-process',
      measures: 'one row "instance" is one whole codegen run; latency is the time of a run',
      classes: fixture.classes,
      sourceFiles: fixture.sourceFiles,
      orchestrators: size.orchestrators,
      activityClasses: size.activityClasses,
      activities: first.model.functions.filter((fn) => fn.kind === 'activity').length,
      entities: first.model.entities.length,
      entityOperations: first.model.entities.reduce((sum, e) => sum + e.operations.length, 0),
      generatedBytes: first.files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0),
      firstRunMs: round(durations[0] ?? Number.NaN),
      loadMsMedian: round(median((r) => r.timings.loadMs)),
      scanMsMedian: round(median((r) => r.timings.scanMs)),
      analyzeMsMedian: round(median((r) => r.timings.analyzeMs)),
      schemaMsMedian: round(median((r) => r.timings.schemaMs)),
      emitMsMedian: round(median((r) => r.timings.emitMs)),
      classesPerSecondMedianRun: round(perSecond(fixture.classes, latency.p50Ms)),
    },
    instanceProblems: problems,
    loggedProblems: [],
  };
}

/** Diagnostics, or output that differs from the first run's (codegen must be deterministic). */
function runProblems(run: number, result: CodegenResult, first: CodegenResult): InstanceProblem[] {
  const id = `codegen-run-${run}`;
  if (result.diagnostics.length > 0) {
    const sample = result.diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}: ${d.message}`);
    return [{ instanceId: id, kind: 'error', detail: `${result.diagnostics.length} diagnostic(s): ${sample.join(' | ')}` }];
  }
  const expected = first.files.map((f) => `${f.path}\n${f.content}`).join('\n');
  const actual = result.files.map((f) => `${f.path}\n${f.content}`).join('\n');
  return actual === expected ? [] : [{ instanceId: id, kind: 'wrong-output', detail: 'the generated files differ from the first run' }];
}

/** `node dist/codegen/main.js --check` on the files the first run wrote: process start, loading ts-morph, a whole run. */
function cliCheckRow(fixture: CodegenFixtureProject, progress: ProgressLog): BenchRow | undefined {
  const main = join(__dirname, '..', '..', 'codegen', 'main.js');
  if (!existsSync(main)) {
    progress(`${SCENARIO}: ${main} not found (build first); CLI row skipped`);
    return undefined;
  }
  const args = [main, '--project', fixture.tsconfig, '--include', fixture.src, '--out', fixture.out, '--check'];
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: fixture.dir, encoding: 'utf8' });
  const elapsedMs = performance.now() - started;
  progress(`${SCENARIO}: CLI --check: ${ms(elapsedMs)} (exit ${String(child.status)})`);
  const problems: InstanceProblem[] =
    child.status === 0 ? [] : [{ instanceId: 'codegen-cli-check', kind: 'failed', detail: `exit ${String(child.status)}: ${(child.stderr || child.stdout).trim().slice(0, 500)}` }];
  return {
    scenario: SCENARIO,
    label: `codegen ${fixture.classes} classes, CLI --check`,
    provider: 'ts-morph',
    concurrency: 1,
    count: 1,
    unit: 'instances',
    throughput: perSecond(1, elapsedMs),
    instances: 1,
    latency: summarizeLatencies([elapsedMs]),
    commits: 0,
    commitsPerInstance: 0,
    elapsedMs,
    details: {
      synchronous: 'cli',
      measures: 'one child process running the codegen command with --check on up-to-date output',
      classes: fixture.classes,
      exitCode: child.status ?? -1,
    },
    instanceProblems: problems,
    loggedProblems: [],
  };
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
