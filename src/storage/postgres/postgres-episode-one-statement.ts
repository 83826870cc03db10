import { isEntityInstanceId, parseEntityId } from '../../model/entity-id';
import { ChangeSet } from '../change-notifier';
import { episodeUpdateValues } from '../episode-update-values';
import { isLeasedActivity, leasedActivityKey, leasedActivityWorkItem } from '../leased-activity';
import type { ActivityWorkItem, EpisodeBatchOutcome, EpisodeCommit, EpisodeCommitOutcome } from '../storage-records';
import { historyToStore } from '../stored-history';
import type { ChangeNotices } from './postgres-database';
import { EPISODE_ROW_UPDATE, toActivityRow } from './postgres-episode-statements';
import { serializeEvent, toNumber, type Int8 } from './postgres-rows';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Whether a batch can be committed as one statement: no episode starts children or continues as
 * new (those replace rows, so later episodes must see them written), and no instance commits
 * twice. Other batches take the transaction of postgres-episode-commit.
 */
export function fitsOneStatement(commits: readonly EpisodeCommit[]): boolean {
  const ids = new Set<string>();
  for (const commit of commits) {
    if ((commit.newInstances?.length ?? 0) > 0 || commit.continueAsNew !== undefined || ids.has(commit.instanceId)) return false;
    ids.add(commit.instanceId);
  }
  return true;
}

const H = '(SELECT $1::text)';

function oneStatementSql(t: PostgresTables): string {
  return `
WITH ep AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::integer[], $12::text[], $40::bigint[])
    AS e(instance_id, execution_id, expected, runtime_status, output, failure_details, custom_status, last_updated_at, completed_at, appended, entity_state, lease_free_at)
), locked AS (
  SELECT i.instance_id FROM ${t.instances} i JOIN ep ON ep.instance_id = i.instance_id
  WHERE i.hub = ${H} AND i.history_length = ep.expected AND i.execution_id = ep.execution_id
    AND CASE WHEN ep.lease_free_at IS NULL THEN i.locked_by = $13
      ELSE i.locked_by IS NULL OR i.lock_expires_at <= ep.lease_free_at END
  ORDER BY i.instance_id
  FOR UPDATE OF i
), done AS (
  SELECT * FROM unnest($14::text[], $15::bigint[]) AS d(instance_id, work_item_id)
), held AS (
  SELECT a.work_item_id FROM ${t.activities} a
  WHERE a.hub = ${H} AND a.work_item_id IN (SELECT work_item_id FROM done) AND a.locked_by = $13
  ORDER BY a.work_item_id
  FOR UPDATE
), ok AS (
  SELECT l.instance_id FROM locked l
  WHERE NOT EXISTS (SELECT 1 FROM done d WHERE d.instance_id = l.instance_id AND d.work_item_id NOT IN (SELECT work_item_id FROM held))
), results_taken AS (
  DELETE FROM ${t.activities} a USING done d
  WHERE a.hub = ${H} AND a.work_item_id = d.work_item_id AND d.instance_id IN (SELECT instance_id FROM ok)
), consumed AS (
  DELETE FROM ${t.messages} m USING unnest($16::text[], $17::bigint[]) AS c(instance_id, message_id)
  WHERE m.hub = ${H} AND m.instance_id = c.instance_id AND m.message_id = c.message_id AND c.instance_id IN (SELECT instance_id FROM ok)
), appended AS (
  INSERT INTO ${t.history} (hub, instance_id, seq, event)
  SELECT $1, h.instance_id, h.seq, h.event FROM unnest($18::text[], $19::integer[], $20::text[]) AS h(instance_id, seq, event)
  WHERE h.instance_id IN (SELECT instance_id FROM ok)
), updated AS (
  UPDATE ${t.instances} AS i SET ${EPISODE_ROW_UPDATE}
  FROM ep u
  WHERE i.hub = ${H} AND i.instance_id = u.instance_id AND u.instance_id IN (SELECT instance_id FROM ok)
), activities AS (
  INSERT INTO ${t.activities} (hub, instance_id, execution_id, task_id, name, input, timeout_ms, visible_at, locked_by, lock_expires_at, dequeue_count)
  SELECT $1, a.instance_id, a.execution_id, a.task_id, a.name, a.input, a.timeout_ms, a.visible_at,
    a.locked_by, a.lock_expires_at, CASE WHEN a.locked_by IS NULL THEN 0 ELSE 1 END
  FROM unnest($21::text[], $22::text[], $23::integer[], $24::text[], $25::text[], $26::bigint[], $27::bigint[], $28::text[], $29::bigint[])
    WITH ORDINALITY AS a(instance_id, execution_id, task_id, name, input, timeout_ms, visible_at, locked_by, lock_expires_at, ord)
  WHERE a.instance_id IN (SELECT instance_id FROM ok)
  ORDER BY a.ord
  RETURNING instance_id, task_id, work_item_id, locked_by
), entities AS (
  INSERT INTO ${t.instances} (hub, instance_id, execution_id, name, runtime_status, created_at, last_updated_at, history_length)
  SELECT DISTINCT ON (e.id) $1, e.id, '', e.name, 'Running', e.now, e.now, 0
  FROM unnest($30::text[], $31::text[], $32::text[], $33::bigint[]) WITH ORDINALITY AS e(source, id, name, now, ord)
  WHERE e.source IN (SELECT instance_id FROM ok)
  ORDER BY e.id, e.ord
  ON CONFLICT DO NOTHING
  RETURNING instance_id
), messages AS (
  INSERT INTO ${t.messages} (hub, instance_id, event, visible_at)
  SELECT $1, m.instance_id, m.event, m.visible_at
  FROM unnest($34::text[], $35::text[], $36::text[], $37::bigint[]) WITH ORDINALITY AS m(source, instance_id, event, visible_at, ord)
  WHERE m.source IN (SELECT instance_id FROM ok)
  ORDER BY m.ord
), notices AS (
  SELECT pg_notify($38, p) FROM unnest($39::text[]) AS p WHERE EXISTS (SELECT 1 FROM ok)
)
SELECT (SELECT COALESCE(json_agg(instance_id), '[]'::json) FROM ok) AS committed,
  (SELECT COALESCE(json_agg(json_build_array(instance_id, task_id, work_item_id)), '[]'::json) FROM activities WHERE locked_by IS NOT NULL) AS leased,
  (SELECT COALESCE(json_agg(instance_id), '[]'::json) FROM entities) AS entities,
  (SELECT count(*) FROM notices) AS notices`;
}

interface OneStatementRow {
  readonly committed: string[];
  readonly leased: [string, number, Int8][];
  readonly entities: string[];
}

/** The changes the batch makes if every episode commits: what other processes are told (a superset is only a hint). */
function batchChanges(commits: readonly EpisodeCommit[], committed: (commit: EpisodeCommit) => boolean): ChangeSet {
  const changes = new ChangeSet();
  for (const commit of commits) {
    if (!committed(commit)) continue;
    changes.addInstance(commit.instanceId, commit.update.runtimeStatus);
    if (commit.activities.some((activity) => !isLeasedActivity(activity))) changes.addWork('activity');
    if (commit.messages.length > 0) changes.addWork('orchestration');
  }
  return changes;
}

/**
 * Commits a batch that fitsOneStatement as one self-committing statement, so one round trip: the
 * instance rows (then the consumed activity items) are locked and fenced as in
 * postgres-episode-fences, and every write, and the NOTIFY to other processes, applies only to
 * the episodes that passed. The outcome is the same as the transaction's; `changes` receives
 * what committed, for this process's listeners.
 */
export async function commitEpisodesInOneStatement(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  owner: string,
  commits: readonly EpisodeCommit[],
  notices: (changes: ChangeSet) => ChangeNotices,
  changes: ChangeSet,
): Promise<EpisodeBatchOutcome> {
  const { channel, payloads } = notices(batchChanges(commits, () => true));
  const result = await db.query<OneStatementRow>(oneStatementSql(tables), [hub, ...statementArrays(commits, owner), channel, payloads, commits.map((c) => c.leaseFreeAt ?? null)]);
  const row = result.rows[0];
  const committed = new Set(row?.committed ?? []);
  const outcomes = commits.map((commit): EpisodeCommitOutcome => (committed.has(commit.instanceId) ? 'committed' : 'lease-lost'));
  for (const change of batchChanges(commits, (commit) => committed.has(commit.instanceId)).toList()) {
    if (change.kind === 'work') changes.addWork(change.work);
    else changes.addInstance(change.instanceId, change.runtimeStatus);
  }
  for (const created of row?.entities ?? []) changes.addInstance(created);
  return { outcomes, leasedActivities: leasedWorkItems(commits, row?.leased ?? []) };
}

/** The statement's parameters $2..$37, in order. */
function statementArrays(commits: readonly EpisodeCommit[], owner: string): unknown[] {
  const updates = commits.map((commit) => ({ commit, values: episodeUpdateValues(commit) }));
  const done = commits.flatMap((c) => (c.completedActivityIds ?? []).map((id) => [c.instanceId, id] as const));
  const consumed = commits.flatMap((c) => c.consumedMessageIds.map((id) => [c.instanceId, id] as const));
  const history = commits.flatMap((c) => historyToStore(c).map((event, i) => [c.instanceId, c.expectedHistoryLength + i, serializeEvent(event)] as const));
  const activities = commits.flatMap((c) => c.activities.map((a) => toActivityRow(c.instanceId, c.executionId, a, owner)));
  const sent = commits.flatMap((c) => c.messages.map((m) => ({ source: c.instanceId, message: m, now: c.update.lastUpdatedAt })));
  const entities = sent.filter(({ message }) => isEntityInstanceId(message.instanceId));
  return [
    updates.map(({ commit }) => commit.instanceId),
    updates.map(({ commit }) => commit.executionId),
    updates.map(({ commit }) => commit.expectedHistoryLength),
    updates.map(({ values }) => values.runtimeStatus),
    updates.map(({ values }) => values.output),
    updates.map(({ values }) => values.failureDetails),
    updates.map(({ values }) => values.customStatus),
    updates.map(({ values }) => values.lastUpdatedAt),
    updates.map(({ values }) => values.completedAt),
    updates.map(({ values }) => values.appended),
    updates.map(({ commit }) => commit.entityState ?? null),
    owner,
    done.map(([instanceId]) => instanceId),
    done.map(([, id]) => id),
    consumed.map(([instanceId]) => instanceId),
    consumed.map(([, id]) => id),
    history.map(([instanceId]) => instanceId),
    history.map(([, seq]) => seq),
    history.map(([, , event]) => event),
    activities.map((a) => a.instanceId),
    activities.map((a) => a.executionId),
    activities.map((a) => a.taskId),
    activities.map((a) => a.name),
    activities.map((a) => a.input),
    activities.map((a) => a.timeoutMs),
    activities.map((a) => a.visibleAt),
    activities.map((a) => a.lockedBy),
    activities.map((a) => a.lockExpiresAt),
    entities.map(({ source }) => source),
    entities.map(({ message }) => message.instanceId),
    entities.map(({ message }) => parseEntityId(message.instanceId).name),
    entities.map(({ now }) => now),
    sent.map(({ source }) => source),
    sent.map(({ message }) => message.instanceId),
    sent.map(({ message }) => serializeEvent(message.event)),
    sent.map(({ message }) => message.visibleAt),
  ];
}

/** The leased activities as work items, in the batch's order. */
function leasedWorkItems(commits: readonly EpisodeCommit[], leased: readonly [string, number, Int8][]): ActivityWorkItem[] {
  const ids = new Map(leased.map(([instanceId, taskId, workItemId]) => [leasedActivityKey(instanceId, taskId), toNumber(workItemId)]));
  const items: ActivityWorkItem[] = [];
  for (const commit of commits) {
    for (const activity of commit.activities) {
      const workItemId = ids.get(leasedActivityKey(commit.instanceId, activity.taskId));
      if (workItemId !== undefined && isLeasedActivity(activity)) items.push(leasedActivityWorkItem(commit, activity, workItemId));
    }
  }
  return items;
}
