import type { HubTransferStore } from '../../storage/transfer/hub-transfer-store';
import { transferChecksum } from '../../storage/transfer/transfer-checksum';
import type { TransferCounts, TransferInstance } from '../../storage/transfer/transfer-records';
import { batches } from './batches';
import { addCounts } from './export-stream';

/** Source instances looked up on the target together (one snapshot, one query per table). */
export const VERIFY_BATCH_SIZE = 100;

/** How many ids of each kind of difference a report lists (the counts are always complete). */
export const VERIFY_LISTED_IDS = 20;

export interface VerifyReport {
  readonly checked: number;
  /** In the source, not in the target. */
  readonly missing: number;
  /** In both, with different content (checksums differ). */
  readonly different: number;
  /** The first ids of each, for the message. */
  readonly missingIds: readonly string[];
  readonly differentIds: readonly string[];
  readonly sourceCounts: TransferCounts;
  readonly targetCounts: TransferCounts;
  readonly ok: boolean;
}

/**
 * Compares every source instance with the target's instance of that id by checksum (every stored
 * value, event, message and work item), and the row totals of both sides; the totals also catch
 * instances the target has and the source has not.
 */
export async function verifyTransfer(source: AsyncIterable<{ readonly instance: TransferInstance; readonly checksum: string }>, target: HubTransferStore): Promise<VerifyReport> {
  const sourceCounts = { instances: 0, historyEvents: 0, messages: 0, activities: 0 };
  const missingIds: string[] = [];
  const differentIds: string[] = [];
  let missing = 0;
  let different = 0;
  for await (const batch of batches(source, VERIFY_BATCH_SIZE)) {
    const onTarget = new Map((await target.readInstancesById(batch.map((item) => item.instance.instanceId))).map((found) => [found.instanceId, found]));
    for (const { instance, checksum } of batch) {
      addCounts(sourceCounts, instance);
      const found = onTarget.get(instance.instanceId);
      if (found === undefined) {
        if (missing++ < VERIFY_LISTED_IDS) missingIds.push(instance.instanceId);
      } else if (transferChecksum(found) !== checksum) {
        if (different++ < VERIFY_LISTED_IDS) differentIds.push(instance.instanceId);
      }
    }
  }
  const targetCounts = await target.counts();
  const countsEqual = (Object.keys(sourceCounts) as (keyof TransferCounts)[]).every((key) => sourceCounts[key] === targetCounts[key]);
  return { checked: sourceCounts.instances, missing, different, missingIds, differentIds, sourceCounts, targetCounts, ok: missing === 0 && different === 0 && countsEqual };
}

/** The report as lines for people. */
export function describeVerifyReport(report: VerifyReport, source: string, target: string): string[] {
  const row = (label: string, counts: TransferCounts): string =>
    `  ${label.padEnd(7)} ${String(counts.instances).padStart(8)} instances ${String(counts.historyEvents).padStart(9)} history events ${String(counts.messages).padStart(7)} messages ${String(counts.activities).padStart(7)} activity items`;
  const lines = [`verify: ${report.checked} instances of ${source} checked against ${target}`, row('source', report.sourceCounts), row('target', report.targetCounts)];
  const list = (ids: readonly string[], total: number): string => ids.map((id) => `'${id}'`).join(', ') + (total > ids.length ? ` and ${total - ids.length} more` : '');
  if (report.missing > 0) lines.push(`  MISSING on the target: ${list(report.missingIds, report.missing)}`);
  if (report.different > 0) lines.push(`  DIFFERENT on the target (checksum): ${list(report.differentIds, report.different)}`);
  if (report.missing === 0 && report.different === 0 && !report.ok) lines.push('  the totals differ: the target holds rows the source does not');
  lines.push(report.ok ? 'verify: OK, every instance and every total matches' : 'verify: MISMATCH');
  return lines;
}
