import type { TransferCounts, TransferInstance, TransferWriteOutcome } from './transfer-records';

/**
 * Whole-instance access to one task hub for moving it to another store (`durable export` /
 * `import` / `verify`). Rows are read and written as stored, never decoded, so what arrives is
 * what left.
 */
export interface HubTransferStore {
  /** For messages: the kind of store and where it is (never a password). */
  readonly description: string;
  /** Instances and entities after `afterId` (in id order), at most `limit`, each read in one consistent snapshot. */
  readInstances(afterId: string | undefined, limit: number): Promise<TransferInstance[]>;
  /** The instances of these ids that exist (in any order), read in one snapshot. */
  readInstancesById(instanceIds: readonly string[]): Promise<TransferInstance[]>;
  /** Totals of the hub's rows. */
  counts(): Promise<TransferCounts>;
  /**
   * Writes one instance with all its rows in one transaction, unless the hub has that id already:
   * then an identical instance is left as it is ('identical'), a different one is left as it is
   * ('conflict') or, with `replace`, deleted and written anew ('replaced') in the same transaction.
   */
  writeInstance(instance: TransferInstance, options: { readonly replace: boolean }): Promise<TransferWriteOutcome>;
}

/** A storage provider that can hand out a HubTransferStore on its hub (both built-in providers can). */
export interface TransferCapable {
  transferStore(): HubTransferStore;
}

export function isTransferCapable(value: object): value is TransferCapable {
  return typeof (value as Partial<TransferCapable>).transferStore === 'function';
}
