import { transferChecksum } from './transfer-checksum';
import type { TransferInstance, TransferWriteOutcome } from './transfer-records';

/**
 * What a store does with an incoming instance, given what it holds under that id now: write it,
 * leave an identical one, refuse a different one, or replace it when asked. One rule, shared by
 * every provider's writeInstance.
 */
export function decideTransferWrite(existing: TransferInstance | undefined, incoming: TransferInstance, replace: boolean): TransferWriteOutcome {
  if (existing === undefined) return 'imported';
  if (transferChecksum(existing) === transferChecksum(incoming)) return 'identical';
  return replace ? 'replaced' : 'conflict';
}
