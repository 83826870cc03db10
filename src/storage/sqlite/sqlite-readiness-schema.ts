/**
 * Schema step "readiness": each instance row carries the visibility time and id of its earliest
 * inbox message (`ready_at`, `ready_id`; NULL with an empty inbox), kept by triggers on every
 * insert, delete and re-timing of a message. A claim then reads the first free instances of one
 * index in order, O(batch), instead of grouping every visible message of the hub, O(backlog).
 *
 * The insert trigger only lowers the head; the delete and update triggers recompute it with one
 * probe of the (hub, instance_id, visible_at, message_id) index, and a delete that is not the head
 * costs nothing. Triggers rather than code at each call site, so no write path can forget it.
 */
/** Sets the instance row of `row` (a trigger's NEW or OLD) to its inbox's head, or NULL when empty. */
function recomputeHead(row: 'NEW' | 'OLD', onlyIf = ''): string {
  return `UPDATE instances SET (ready_at, ready_id) = (
    SELECT m.visible_at, m.message_id FROM orchestration_messages m
    WHERE m.hub = ${row}.hub AND m.instance_id = ${row}.instance_id
    ORDER BY m.visible_at, m.message_id LIMIT 1)
  WHERE hub = ${row}.hub AND instance_id = ${row}.instance_id${onlyIf};`;
}

export const SQLITE_READINESS_STEP = `
ALTER TABLE instances ADD COLUMN ready_at INTEGER;
ALTER TABLE instances ADD COLUMN ready_id INTEGER;
CREATE INDEX IF NOT EXISTS orchestration_messages_by_instance_visibility
  ON orchestration_messages (hub, instance_id, visible_at, message_id);
UPDATE instances SET (ready_at, ready_id) = (
  SELECT m.visible_at, m.message_id FROM orchestration_messages m
  WHERE m.hub = instances.hub AND m.instance_id = instances.instance_id
  ORDER BY m.visible_at, m.message_id LIMIT 1);
CREATE INDEX IF NOT EXISTS instances_by_readiness
  ON instances (hub, ready_at, ready_id) WHERE ready_at IS NOT NULL;

CREATE TRIGGER IF NOT EXISTS orchestration_message_inserted AFTER INSERT ON orchestration_messages BEGIN
  UPDATE instances SET ready_at = NEW.visible_at, ready_id = NEW.message_id
  WHERE hub = NEW.hub AND instance_id = NEW.instance_id
    AND (ready_at IS NULL OR NEW.visible_at < ready_at OR (NEW.visible_at = ready_at AND NEW.message_id < ready_id));
END;

CREATE TRIGGER IF NOT EXISTS orchestration_message_deleted AFTER DELETE ON orchestration_messages BEGIN
  ${recomputeHead('OLD', ' AND ready_id = OLD.message_id')}
END;

CREATE TRIGGER IF NOT EXISTS orchestration_message_retimed AFTER UPDATE OF visible_at ON orchestration_messages
WHEN NEW.visible_at IS NOT OLD.visible_at BEGIN
  ${recomputeHead('NEW')}
END;

CREATE TRIGGER IF NOT EXISTS instance_inserted AFTER INSERT ON instances BEGIN
  ${recomputeHead('NEW')}
END;
`;
