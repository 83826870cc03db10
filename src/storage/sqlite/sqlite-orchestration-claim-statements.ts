import type Database from 'better-sqlite3';
import { MultiRowStatement, type RowSource } from './sqlite-multi-row-statement';
import type { InstanceRow, MessageRow } from './sqlite-rows';

/**
 * The statements of an orchestration claim after it chose its instances (selectClaimable): each
 * takes the batch as rows [instanceId], one statement per 64 instances; a lone instance takes
 * the plain keyed form. No RETURNING and no ordered subquery inside an UPDATE: measured here,
 * those cost more than the per-instance statements they would replace.
 */
export interface OrchestrationClaimStatements {
  /** Leases the instances whose lease is free at `now`. */
  readonly leaseInstances: MultiRowStatement;
  /** Counts a dequeue of the instances' messages visible at `now`. */
  readonly countVisibleMessages: MultiRowStatement;
  /** The instances' messages visible at `now`, in no particular order. */
  readonly selectVisibleMessages: MultiRowStatement<MessageRow>;
  /** The instances' rows, in no particular order. */
  readonly selectInstances: MultiRowStatement<InstanceRow>;
}

/** The instances of the rows, looked up by key. */
function byInstanceIds({ single, from, column }: RowSource): string {
  return single ? `instance_id = ${column(1)}` : `instance_id IN (SELECT ${column(1)} ${from})`;
}

export function prepareOrchestrationClaimStatements(db: Database.Database): OrchestrationClaimStatements {
  return {
    leaseInstances: new MultiRowStatement(db, (rows) =>
      `UPDATE instances SET locked_by = @owner, lock_expires_at = @expiresAt
       WHERE hub = @hub AND ${byInstanceIds(rows)} AND (locked_by IS NULL OR lock_expires_at <= @now)`,
      1,
    ),
    countVisibleMessages: new MultiRowStatement(db, (rows) =>
      `UPDATE orchestration_messages SET dequeue_count = dequeue_count + 1
       WHERE hub = @hub AND ${byInstanceIds(rows)} AND visible_at <= @now`,
      1,
    ),
    selectVisibleMessages: new MultiRowStatement<MessageRow>(db, (rows) =>
      `SELECT message_id, instance_id, event, visible_at, dequeue_count FROM orchestration_messages
       WHERE hub = @hub AND ${byInstanceIds(rows)} AND visible_at <= @now`,
      1,
    ),
    selectInstances: new MultiRowStatement<InstanceRow>(db, (rows) => `SELECT * FROM instances WHERE hub = @hub AND ${byInstanceIds(rows)}`, 1),
  };
}
