import type { BenchRow } from './bench-row';
import type { BenchEnvironment } from './bench-storage';
import type { BenchSettings } from './settings';

/** Writes a progress line (to stderr, so stdout holds only the table). */
export type ProgressLog = (line: string) => void;

/** One bench scenario: runs its configurations, each on its own fresh host and database (or hub). */
export interface Scenario {
  /** The `--scenario` name. */
  readonly name: string;
  readonly description: string;
  /**
   * False for scenarios that take tens of seconds even at quick counts (worker processes, a
   * large backlog, the TypeScript compiler): `--quick` skips them unless named with `--scenario`.
   */
  readonly inQuickRun?: boolean;
  run(settings: BenchSettings, progress: ProgressLog, environment: BenchEnvironment): Promise<BenchRow[]>;
}
