/**
 * Schema step 6: history rows are keyed by their instance's creation time first —
 * (hub, instance_created_at, instance_id, seq) — instead of (hub, instance_id, seq).
 *
 * Why: instance ids are mostly random, so with the id first every episode's history landed on a
 * different leaf page of the key's index, and each commit wrote one 4 KiB page per instance it
 * touched (measured: 7.7 of 12.6 WAL frames per Hello Sequence instance at 16 clients). The
 * instances that run now were mostly created at about the same time, so with the creation time
 * first their history shares the last few pages of the index, whatever their ids.
 *
 * `instances.created_at` never changes while the row lives (a replaced instance gets a new row
 * time, and its history is deleted first), so the history of an instance is found through its row:
 * statements that touch one instance's history must run while its row is there.
 */
export const SQLITE_HISTORY_STEP = `
CREATE TABLE history_by_creation (
  hub TEXT NOT NULL,
  instance_created_at INTEGER NOT NULL,
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (hub, instance_created_at, instance_id, seq)
);
INSERT INTO history_by_creation (hub, instance_created_at, instance_id, seq, event)
  SELECT h.hub, i.created_at, h.instance_id, h.seq, h.event
  FROM history h JOIN instances i ON i.hub = h.hub AND i.instance_id = h.instance_id;
DROP TABLE history;
ALTER TABLE history_by_creation RENAME TO history;
`;

/** The creation time of the instance `instanceId` (an SQL expression) of hub @hub: its history rows' leading key. */
export function instanceCreatedAt(instanceId: string): string {
  return `(SELECT created_at FROM instances WHERE hub = @hub AND instance_id = ${instanceId})`;
}

/** The WHERE condition of the history rows of instance @instanceId of hub @hub, by their key. */
export const HISTORY_OF_INSTANCE = `hub = @hub AND instance_created_at = ${instanceCreatedAt('@instanceId')} AND instance_id = @instanceId`;

/** Inserts one history row [@hub, @instanceId, @seq, @event] of an instance whose row exists. */
export const INSERT_HISTORY_ROW = `INSERT INTO history (hub, instance_created_at, instance_id, seq, event)
  VALUES (@hub, ${instanceCreatedAt('@instanceId')}, @instanceId, @seq, @event)`;

/** Deletes the history of every instance of hub @hub that `instancesWhere` (a condition on instances) selects, by key. */
export function deleteHistoryOf(instancesWhere: string): string {
  return `DELETE FROM history WHERE hub = @hub AND (instance_created_at, instance_id) IN (SELECT created_at, instance_id FROM instances WHERE ${instancesWhere})`;
}
