import type Database from 'better-sqlite3';
import type { PendingWork } from '../storage-records';

const PENDING_WORK_SQL = `
SELECT m.n AS messages, a.n AS activities, MIN(COALESCE(m.oldest, a.oldest), COALESCE(a.oldest, m.oldest)) AS oldest
  FROM (SELECT COUNT(*) AS n, MIN(visible_at) AS oldest FROM orchestration_messages WHERE hub = @hub AND visible_at <= @now) m,
       (SELECT COUNT(*) AS n, MIN(visible_at) AS oldest FROM activity_items
         WHERE hub = @hub AND visible_at <= @now AND (locked_by IS NULL OR lock_expires_at <= @now)) a`;

/** Due inbox messages, and due activity items not leased by a live worker, with the oldest visibility time. */
export function selectPendingWork(db: Database.Database, hub: string, now: number): PendingWork {
  const row = db.prepare<{ hub: string; now: number }, { messages: number; activities: number; oldest: number | null }>(PENDING_WORK_SQL).get({ hub, now });
  return {
    orchestrationMessages: row?.messages ?? 0,
    activityItems: row?.activities ?? 0,
    ...(row?.oldest == null ? {} : { oldestVisibleAt: row.oldest }),
  };
}
