import type { HubTransferStore } from '../../storage/transfer/hub-transfer-store';
import type { TransferInstance } from '../../storage/transfer/transfer-records';
import { transferChecksum } from '../../storage/transfer/transfer-checksum';
import { CliError } from '../cli-errors';
import { batches } from './batches';

/** Instances whose presence on the target is looked up together before they are written one by one. */
export const IMPORT_LOOKUP_BATCH = 100;

export interface ImportSummary {
  /** Written because the target did not have them. */
  readonly imported: number;
  /** Already on the target, identical (a resumed import): left as they were. */
  readonly identical: number;
  readonly replaced: number;
  /** Ids present on the target with different content, left as they were (without `replace`). */
  readonly conflicts: readonly string[];
}

export interface ImportOptions {
  /** Replace target instances that differ instead of refusing them. */
  readonly replace: boolean;
  /** Called after each instance with the number handled so far. */
  readonly progress?: (handled: number) => void;
}

/**
 * Writes each instance into the target in its own transaction, so a run that stops anywhere
 * leaves whole instances only, and a rerun skips those (identical) and writes the rest: resumable
 * without duplicates. An id the target holds with other content is a conflict: left untouched
 * and reported at the end (IMPORT_CONFLICT), after every other instance was written.
 */
export async function importInstances(instances: AsyncIterable<TransferInstance>, target: HubTransferStore, options: ImportOptions): Promise<ImportSummary> {
  const counts = { imported: 0, identical: 0, replaced: 0 };
  const conflicts: string[] = [];
  let handled = 0;
  for await (const batch of batches(instances, IMPORT_LOOKUP_BATCH)) {
    // One look at the target per batch: what a previous run wrote is skipped without a write.
    const present = new Map((await target.readInstancesById(batch.map((i) => i.instanceId))).map((found) => [found.instanceId, transferChecksum(found)]));
    for (const instance of batch) {
      const outcome = present.get(instance.instanceId) === transferChecksum(instance) ? 'identical' : await target.writeInstance(instance, { replace: options.replace });
      if (outcome === 'conflict') conflicts.push(instance.instanceId);
      else counts[outcome]++;
      options.progress?.(++handled);
    }
  }
  return { ...counts, conflicts };
}

/** IMPORT_CONFLICT for the conflicts of a summary, naming the first few. */
export function conflictError(summary: ImportSummary, target: string): CliError {
  const shown = summary.conflicts.slice(0, 5).map((id) => `'${id}'`).join(', ');
  const more = summary.conflicts.length > 5 ? ` and ${summary.conflicts.length - 5} more` : '';
  return new CliError(
    'IMPORT_CONFLICT',
    `${summary.conflicts.length} instance(s) exist in ${target} with other content and were left as they are: ${shown}${more}. ` +
      `The other ${summary.imported + summary.identical} were imported or already there. Pass --replace to overwrite them.`,
  );
}
