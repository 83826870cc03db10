/** Latency summary of a set of samples, in milliseconds. */
export interface LatencySummary {
  readonly samples: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * The q-th percentile (0 ≤ q ≤ 100) by the nearest-rank method on sorted samples: the smallest
 * sample such that at least q% of the samples are ≤ it. NaN for no samples.
 */
export function percentile(sortedMs: readonly number[], q: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.ceil((q / 100) * sortedMs.length);
  const index = Math.min(sortedMs.length - 1, Math.max(0, rank - 1));
  return sortedMs[index] ?? Number.NaN;
}

/** Summarizes latency samples (NaN fields when there are none). */
export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    samples: sorted.length,
    minMs: sorted[0] ?? Number.NaN,
    meanMs: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Events per second over an elapsed time in milliseconds. */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : Number.NaN;
}
