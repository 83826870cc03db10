import type { BenchRow } from './bench-row';

/** The fields the peer harnesses (../shared/peers) print for each measurement, under their names. */
export interface PeerFields {
  readonly workflowsPerSec: number;
  /** Activities per second (a peer's "steps"); NaN for rows without activities. */
  readonly stepsPerSec: number;
  readonly p50ms: number;
  readonly p99ms: number;
}

/** The row with the peers' field names added, so one script can compare both outputs. */
export function withPeerFields(row: BenchRow): BenchRow & PeerFields {
  const workflowsPerSec = row.unit === 'instances' ? row.throughput : row.count > 0 ? (row.throughput * row.instances) / row.count : Number.NaN;
  const activitiesPerInstance = Number(row.details['activitiesPerInstance'] ?? row.details['activities'] ?? Number.NaN);
  const stepsPerSec = row.unit === 'activities' ? row.throughput : workflowsPerSec * activitiesPerInstance;
  return { ...row, workflowsPerSec, stepsPerSec, p50ms: row.latency.p50Ms, p99ms: row.latency.p99Ms };
}
