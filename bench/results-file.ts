import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BenchRow } from './bench-row';
import type { MachineInfo } from './machine-info';
import type { LatencySummary } from './stats';
import type { BenchSettings } from './settings';

/** The JSON document written after a run. */
export interface BenchResultsDocument {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  /** Latency of a 4 KiB write + fsync in the temp directory, measured before the scenarios. */
  readonly fsyncProbe: LatencySummary;
  readonly settings: BenchSettings;
  readonly scenarios: readonly string[];
  /** The storage providers measured. */
  readonly providers: readonly string[];
  /** Why some rows were skipped, if any were. */
  readonly notes: readonly string[];
  readonly rows: readonly BenchRow[];
}

/** Writes the document as indented JSON (NaN and infinities become null), creating the folder. */
export async function writeResultsFile(path: string, document: BenchResultsDocument): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const json = JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
  await writeFile(path, `${json}\n`, 'utf8');
}
