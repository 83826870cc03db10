import type { BenchHost } from './bench-host';
import type { BenchRow, BenchUnit } from './bench-row';
import { runClosedLoop, type ClosedLoopOptions, type InstanceProblem } from './closed-loop';
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
  readonly unit: BenchUnit;
  /** For units counted per instance ('activities', 'events', 'operations'): how many each completed instance accounts for. */
  readonly unitsPerInstance?: number;
  readonly details?: (counters: WindowCounters) => Record<string, number | string | boolean>;
}

/**
 * Warms up, then runs a closed loop on the host and turns it into a table row: throughput of the
 * unit over the window, latency percentiles, and commits (the storage's commit counter delta).
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
  const commitsBefore = storage.stats().commits;
  const result = warmupProblems.some((p) => p.kind === 'timeout')
    ? { latenciesMs: [], started: 0, problems: [], elapsedMs: 0, cappedByDuration: false }
    : await runClosedLoop({ ...options.loop, client });
  const counters: WindowCounters = {
    commits: storage.stats().commits - commitsBefore,
    episodes: bench.logger.episodes,
    episodesFromCache: bench.logger.episodesFromCache,
    entityEpisodes: bench.logger.entityEpisodes,
  };
  const instances = result.latenciesMs.length;
  const count = countOf(options, counters, instances);
  return {
    scenario: options.scenario,
    label: options.label,
    provider: storage.kind,
    concurrency: options.loop.concurrency,
    count,
    unit: options.unit,
    throughput: perSecond(count, result.elapsedMs),
    instances,
    latency: summarizeLatencies(result.latenciesMs),
    commits: counters.commits,
    commitsPerInstance: instances > 0 ? counters.commits / instances : Number.NaN,
    elapsedMs: result.elapsedMs,
    details: {
      synchronous: bench.synchronous,
      started: result.started,
      cappedByDuration: result.cappedByDuration,
      ...(options.details?.(counters) ?? {}),
    },
    instanceProblems: [...warmupProblems, ...result.problems],
    loggedProblems: [...bench.logger.problems],
  };
}

function countOf(options: MeasureOptions, counters: WindowCounters, instances: number): number {
  switch (options.unit) {
    case 'instances':
      return instances;
    case 'activities':
    case 'events':
    case 'operations':
      return instances * (options.unitsPerInstance ?? 0);
    case 'episodes':
      return counters.episodes;
  }
}
