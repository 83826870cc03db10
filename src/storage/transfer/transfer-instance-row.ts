import type { TransferActivity, TransferInstance, TransferMessage } from './transfer-records';

/** The instance columns both providers store, with times already numbers. */
export interface TransferInstanceRow {
  readonly instance_id: string;
  readonly execution_id: string;
  readonly name: string;
  readonly version: string | null;
  readonly runtime_status: string;
  readonly input: string | null;
  readonly output: string | null;
  readonly failure_details: string | null;
  readonly custom_status: string | null;
  readonly entity_state: string | null;
  readonly created_at: number;
  readonly last_updated_at: number;
  readonly completed_at: number | null;
  readonly history_length: number;
}

/** An instance row and its other rows as one TransferInstance (the one mapping every provider uses). */
export function toTransferInstance(
  row: TransferInstanceRow,
  rows: { readonly history: readonly string[]; readonly messages: readonly TransferMessage[]; readonly activities: readonly TransferActivity[] },
): TransferInstance {
  return {
    instanceId: row.instance_id,
    executionId: row.execution_id,
    name: row.name,
    version: row.version,
    runtimeStatus: row.runtime_status,
    input: row.input,
    output: row.output,
    failureDetails: row.failure_details,
    customStatus: row.custom_status,
    entityState: row.entity_state,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    completedAt: row.completed_at,
    historyLength: row.history_length,
    ...rows,
  };
}

/**
 * An instance's stored columns after its id, in the order of the instances table (execution id
 * to history length): what an import inserts and what the checksum covers.
 */
export function transferInstanceColumns(instance: TransferInstance): readonly (string | number | null)[] {
  return [
    instance.executionId,
    instance.name,
    instance.version,
    instance.runtimeStatus,
    instance.input,
    instance.output,
    instance.failureDetails,
    instance.customStatus,
    instance.entityState,
    instance.createdAt,
    instance.lastUpdatedAt,
    instance.completedAt,
    instance.historyLength,
  ];
}
