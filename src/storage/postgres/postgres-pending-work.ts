import type { PendingWork } from '../storage-records';
import { toNumber, type Int8 } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/** Due inbox messages, and due activity items not leased by a live worker, with the oldest visibility time. */
export async function selectPendingWork(db: Queryable, tables: PostgresTables, hub: string, now: number): Promise<PendingWork> {
  const result = await db.query<{ messages: Int8; activities: Int8; oldest: Int8 | null }>(
    `SELECT m.n AS messages, a.n AS activities, LEAST(m.oldest, a.oldest) AS oldest
       FROM (SELECT COUNT(*) AS n, MIN(visible_at) AS oldest FROM ${tables.messages} WHERE hub = $1 AND visible_at <= $2) m,
            (SELECT COUNT(*) AS n, MIN(visible_at) AS oldest FROM ${tables.activities}
              WHERE hub = $1 AND visible_at <= $2 AND (locked_by IS NULL OR lock_expires_at <= $2)) a`,
    [hub, now],
  );
  const row = result.rows[0];
  const oldest = row?.oldest ?? null;
  return {
    orchestrationMessages: row === undefined ? 0 : toNumber(row.messages),
    activityItems: row === undefined ? 0 : toNumber(row.activities),
    ...(oldest === null ? {} : { oldestVisibleAt: toNumber(oldest) }),
  };
}
