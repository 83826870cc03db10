import type { BenchHost } from './bench-host';
import type { BenchRow, BenchUnit, ThroughputSpread } from './bench-row';
import { runClosedLoop, type ClosedLoopOptions, type ClosedLoopResult, type InstanceProblem } from './closed-loop';
import { costPerInstance } from './cost';
import { queryCounts, queryCountsSince, queryHistogram, resetQueryHistogram, type QueryCounts } from './query-counter';
import { perSecond, summarizeLatencies } from './stats';

/** What happened in storage and in the worker during a measured window. */
export interface WindowCounters {
  readonly commits: number;
  readonly episodes: number;
  readonly episodesFromCache: number;
  /** Of `episodes`, the entity batches. */
  readonly entityEpisodes: number;
}

export interface MeasureOptions {
  readonly scenario: string;
  readonly label: string;
  readonly bench: BenchHost;
  /** Run first, outside the measured window. */
  readonly warmup?: Omit<ClosedLoopOptions, 'client'>;
  readonly loop: Omit<ClosedLoopOptions, 'client'>;
  /** Times the loop is run on the same host; the row reports the median throughput and the spread (default 1). */
  readonly repeats?: number;
  readonly unit: BenchUnit;
  /** For units counted per instance ('activities', 'events', 'operations'): how many each completed instance accounts for. */
  readonly unitsPerInstance?: number;
  readonly details?: (counters: WindowCounters) => Record<string, number | string | boolean>;
}

interface Repetition {
  readonly result: ClosedLoopResult;
  readonly throughput: number;
}

/**
 * Warms up, then runs a closed loop on the host `repeats` times and turns it into a table row:
 * the median throughput of the unit over the repetitions (and their spread), latency percentiles
 * of every instance of every repetition, and the cost per instance over all of them: write
 * transactions (the storage's commit counter), SQLite statements, PostgreSQL round trips.
 */
export async function measureClosedLoop(options: MeasureOptions): Promise<BenchRow> {
  const { bench } = options;
  const { client, storage } = bench.host;
  const warmupProblems: InstanceProblem[] = [];
  if (options.warmup !== undefined) {
    const warm = await runClosedLoop({ ...options.warmup, client });
    warmupProblems.push(...warm.problems.map((p) => ({ ...p, detail: `(warm-up) ${p.detail}` })));
  }
  bench.logger.resetCounters();
  resetQueryHistogram();
  const commitsBefore = storage.stats().commits;
  const queriesBefore: QueryCounts = queryCounts();
  const repetitions: Repetition[] = [];
  const skip = warmupProblems.some((p) => p.kind === 'timeout');
  for (let r = 0; r < Math.max(1, options.repeats ?? 1) && !skip; r++) {
    const episodesBefore = bench.logger.episodes;
    const result = await runClosedLoop({ ...options.loop, client });
    const count = countOf(options, bench.logger.episodes - episodesBefore, result.latenciesMs.length);
    repetitions.push({ result, throughput: perSecond(count, result.elapsedMs) });
    if (result.problems.some((p) => p.kind === 'timeout' || p.kind === 'error')) break;
  }
  const counters: WindowCounters = {
    commits: storage.stats().commits - commitsBefore,
    episodes: bench.logger.episodes,
    episodesFromCache: bench.logger.episodesFromCache,
    entityEpisodes: bench.logger.entityEpisodes,
  };
  const queries = queryCountsSince(queriesBefore);
  const latenciesMs = repetitions.flatMap((r) => r.result.latenciesMs);
  const instances = latenciesMs.length;
  const elapsedMs = repetitions.reduce((sum, r) => sum + r.result.elapsedMs, 0);
  const median = medianRepetition(repetitions);
  printStatementHistogram(options.label, storage.kind, instances);
  const count = countOf(options, counters.episodes, instances);
  return {
    scenario: options.scenario,
    label: options.label,
    provider: storage.kind,
    concurrency: options.loop.concurrency,
    count,
    unit: options.unit,
    throughput: median?.throughput ?? Number.NaN,
    instances,
    latency: summarizeLatencies(latenciesMs),
    commits: counters.commits,
    commitsPerInstance: instances > 0 ? counters.commits / instances : Number.NaN,
    elapsedMs,
    repeats: repetitions.length,
    spread: spreadOf(repetitions),
    cost: costPerInstance(storage.kind, instances, counters.commits, queries),
    details: {
      synchronous: bench.synchronous,
      started: repetitions.reduce((sum, r) => sum + r.result.started, 0),
      cappedByDuration: repetitions.some((r) => r.result.cappedByDuration),
      ...(options.details?.(counters) ?? {}),
    },
    instanceProblems: [...warmupProblems, ...repetitions.flatMap((r) => r.result.problems)],
    loggedProblems: [...bench.logger.problems],
  };
}

/**
 * With DURABLE_BENCH_STATEMENTS=<n> set, writes the window's n most frequent statements (SQLite,
 * with the time they blocked the event loop) or queries (PostgreSQL) per instance to stderr:
 * where the cost model's counts come from.
 */
function printStatementHistogram(label: string, provider: string, instances: number): void {
  const top = Number(process.env['DURABLE_BENCH_STATEMENTS'] ?? 0);
  if (!(top > 0) || instances === 0) return;
  const lines = queryHistogram(top).map(([sql, { count, ms }]) => `  ${(count / instances).toFixed(2).padStart(9)}  ${provider === 'sqlite' ? `${(ms / instances).toFixed(2).padStart(9)} ms  ` : ''}${sql}`);
  process.stderr.write(`[bench] ${label} on ${provider}: statements per instance (count${provider === 'sqlite' ? ', event-loop time' : ''})\n${lines.join('\n')}\n`);
}

/** The repetition of median throughput (the lower middle one of an even count). */
function medianRepetition(repetitions: readonly Repetition[]): Repetition | undefined {
  const sorted = [...repetitions].sort((a, b) => a.throughput - b.throughput);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function spreadOf(repetitions: readonly Repetition[]): ThroughputSpread {
  const values = repetitions.map((r) => r.throughput).filter((v) => Number.isFinite(v));
  const min = values.length > 0 ? Math.min(...values) : Number.NaN;
  const max = values.length > 0 ? Math.max(...values) : Number.NaN;
  const median = medianRepetition(repetitions)?.throughput ?? Number.NaN;
  return { min, max, relative: median > 0 ? (max - min) / median : Number.NaN };
}

/** The units of a window: instances times units per instance, or the episodes it committed. */
function countOf(options: MeasureOptions, episodes: number, instances: number): number {
  switch (options.unit) {
    case 'instances':
      return instances;
    case 'activities':
    case 'events':
    case 'operations':
      return instances * (options.unitsPerInstance ?? 0);
    case 'episodes':
      return episodes;
  }
}
