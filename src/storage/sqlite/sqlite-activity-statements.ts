import type Database from 'better-sqlite3';
import type { NewActivity } from '../storage-records';
import type { ActivityRow } from './sqlite-rows';
import { prepare, type Stmt } from './sqlite-prepare';
import { MultiRowStatement, type RowSource } from './sqlite-multi-row-statement';

interface HubParams {
  readonly hub: string;
}
interface WorkItemParams extends HubParams {
  readonly workItemId: number;
}

export interface NewActivityParams extends HubParams {
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input: string | null;
  readonly timeoutMs: number | null;
  readonly visibleAt: number;
}

/** The insert parameters of one new activity of an execution. */
export function newActivityParams(owner: { hub: string; instanceId: string; executionId: string }, activity: NewActivity): NewActivityParams {
  return {
    ...owner,
    taskId: activity.taskId,
    name: activity.name,
    input: activity.input ?? null,
    timeoutMs: activity.timeoutMs ?? null,
    visibleAt: activity.visibleAt,
  };
}


/** Prepared statements over the activity work-item queue. */
export interface ActivityStatements {
  readonly insertActivity: Stmt<NewActivityParams>;
  readonly selectClaimable: Stmt<HubParams & { now: number; limit: number }, { work_item_id: number }>;
  /** Leases the given items (rows [workItemId]) if they are visible and free at `now`. */
  readonly leaseActivities: MultiRowStatement;
  /** The given items (rows [workItemId]), in no particular order. */
  readonly selectActivities: MultiRowStatement<ActivityRow>;
  readonly abandonActivity: Stmt<WorkItemParams & { owner: string; retryAt: number }>;
  readonly renewLease: Stmt<WorkItemParams & { owner: string; expiresAt: number }>;
  readonly nextVisibleAt: Stmt<HubParams & { now: number }, { next: number | null }>;
  readonly pending: Stmt<HubParams & { now: number }, { pending: number; oldest: number | null }>;
}

/** Items by id, looked up by key (`+hub` on the caller's side keeps the planner off the hub's index). */
function byIds({ single, from, column }: RowSource): string {
  return single ? `work_item_id = ${column(1)}` : `work_item_id IN (SELECT ${column(1)} ${from})`;
}

export function prepareActivityStatements(db: Database.Database): ActivityStatements {
  return {
    insertActivity: prepare(db, 
      `INSERT INTO activity_items (hub, instance_id, execution_id, task_id, name, input, timeout_ms, visible_at,
         locked_by, lock_expires_at, dequeue_count)
       VALUES (@hub, @instanceId, @executionId, @taskId, @name, @input, @timeoutMs, @visibleAt, NULL, NULL, 0)`,
    ),
    selectClaimable: prepare(db, 
      `SELECT work_item_id FROM activity_items
       WHERE hub = @hub AND visible_at <= @now AND (locked_by IS NULL OR lock_expires_at <= @now)
       ORDER BY visible_at, work_item_id LIMIT @limit`,
    ),
    leaseActivities: new MultiRowStatement(db, (rows) =>
      `UPDATE activity_items
       SET locked_by = @owner, lock_expires_at = @expiresAt, dequeue_count = dequeue_count + 1
       WHERE +hub = @hub AND ${byIds(rows)} AND visible_at <= @now
         AND (locked_by IS NULL OR lock_expires_at <= @now)`,
      1,
    ),
    selectActivities: new MultiRowStatement<ActivityRow>(db, (rows) =>
      `SELECT work_item_id, instance_id, execution_id, task_id, name, input, timeout_ms, dequeue_count, lock_expires_at
       FROM activity_items WHERE +hub = @hub AND ${byIds(rows)}`,
      1,
    ),
    abandonActivity: prepare(db, 
      `UPDATE activity_items SET locked_by = NULL, lock_expires_at = NULL, visible_at = @retryAt
       WHERE hub = @hub AND work_item_id = @workItemId AND locked_by = @owner`,
    ),
    renewLease: prepare(db, 
      `UPDATE activity_items SET lock_expires_at = @expiresAt
       WHERE hub = @hub AND work_item_id = @workItemId AND locked_by = @owner`,
    ),
    nextVisibleAt: prepare(db, 
      'SELECT MIN(visible_at) AS next FROM activity_items WHERE hub = @hub AND visible_at > @now',
    ),
    pending: prepare(db,
      `SELECT COUNT(*) AS pending, MIN(visible_at) AS oldest FROM activity_items
       WHERE hub = @hub AND visible_at <= @now AND (locked_by IS NULL OR lock_expires_at <= @now)`,
    ),
  };
}
