import type { LatencySummary } from './stats';
import type { InstanceProblem } from './closed-loop';
import type { LoggedProblem } from './counting-logger';
import type { InstanceCost } from './cost';

/** How far apart the repetitions of a row were. */
export interface ThroughputSpread {
  readonly min: number;
  readonly max: number;
  /** (max - min) / median. */
  readonly relative: number;
}

/** What a row's count and throughput are counted in. */
export type BenchUnit = 'instances' | 'activities' | 'episodes' | 'events' | 'operations';

/** One measured configuration: a line of the table and an entry of the JSON file. */
export interface BenchRow {
  /** The scenario (the `--scenario` name) this row belongs to. */
  readonly scenario: string;
  /** What this row measures, e.g. `fan-out 1000` or `200 steps, cache on`. */
  readonly label: string;
  readonly provider: string;
  /** Clients (or instances) running at once. */
  readonly concurrency: number;
  /** How many `unit`s were measured. */
  readonly count: number;
  readonly unit: BenchUnit;
  /** `unit`s per second over the measured window (the median repetition when `repeats` > 1). */
  readonly throughput: number;
  /** Orchestration instances measured (latency samples). */
  readonly instances: number;
  /** Start-to-completion latency of each instance. */
  readonly latency: LatencySummary;
  /** Storage write transactions during the measured window. */
  readonly commits: number;
  readonly commitsPerInstance: number;
  readonly elapsedMs: number;
  /** Times the measurement ran (throughput is their median). */
  readonly repeats?: number;
  readonly spread?: ThroughputSpread;
  /** Storage work per instance over all repetitions. */
  readonly cost?: InstanceCost;
  /** Extra figures of the scenario (episodes, cache hits, settings...). */
  readonly details: Readonly<Record<string, number | string | boolean>>;
  /** Instances that failed, hung or returned a wrong result. */
  readonly instanceProblems: readonly InstanceProblem[];
  /** Warnings and errors the host logged during the whole run of this row's host. */
  readonly loggedProblems: readonly LoggedProblem[];
}
