import { isDurableErrorWithCode } from '../../model/errors/durable-error';
import type { ChangeSet } from '../change-notifier';
import { describeClientWrite, type ClientWrite, type ClientWriteOutcome } from '../client-writes';
import type { Settled } from '../write-coalescer';
import type { NewInstance } from '../storage-records';
import { createInstances, sendToEntities, sendToInstances } from './postgres-client-batch';
import { createInstancesInOneStatement } from './postgres-create-one-statement';
import type { PostgresDatabase } from './postgres-database';
import type { PostgresTables, Queryable } from './postgres-tables';

const written: Settled<ClientWriteOutcome> = { ok: true, value: undefined };

/**
 * Writes a batch of client writes, in the order given. A batch of starts of distinct ids is one
 * statement (one round trip) for every id that is free; starts of taken ids then go the way below.
 * Other batches are one transaction (one COMMIT). If the
 * transaction fails and was rolled back (any error but StorageUnavailableError, whose outcome may
 * be unknown and which every caller should see), each write is tried again alone, as it was
 * before batching: one write's failing statement, or a deadlock, fails only that write.
 */
export async function writePostgresClientBatch(db: PostgresDatabase, hub: string, writes: readonly ClientWrite[]): Promise<readonly Settled<ClientWriteOutcome>[]> {
  const starts = distinctStarts(writes);
  if (starts === undefined) return writeInTransaction(db, hub, writes);
  const operation = starts.length === 1 ? describeClientWrite(writes[0] as ClientWrite) : `start ${starts.length} instances`;
  let placed: Set<string>;
  try {
    placed = await db.singleStatement(
      operation,
      (q, changes) => createInstancesInOneStatement(q, db.tables, hub, starts, (hint) => db.notices(hint), changes),
      { notifiedInStatement: true, counted: (ids) => ids.size > 0 },
    );
  } catch (error) {
    // Nothing was written (an unknown outcome is thrown as it is): the transaction path isolates the failing start.
    if (isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')) throw error;
    return writeInTransaction(db, hub, writes);
  }
  const taken = writes.filter((write) => write.kind === 'create-instance' && !placed.has(write.instance.instanceId));
  const settled = taken.length > 0 ? await writeInTransaction(db, hub, taken) : [];
  let next = 0;
  return writes.map((write) => (write.kind === 'create-instance' && placed.has(write.instance.instanceId) ? written : (settled[next++] ?? written)));
}

/**
 * The instances of a batch made only of starts with distinct ids, which the one-statement start
 * takes (the others go through the transaction below, in order).
 */
function distinctStarts(writes: readonly ClientWrite[]): NewInstance[] | undefined {
  const starts: NewInstance[] = [];
  const ids = new Set<string>();
  for (const write of writes) {
    if (write.kind !== 'create-instance' || ids.has(write.instance.instanceId)) return undefined;
    ids.add(write.instance.instanceId);
    starts.push(write.instance);
  }
  return starts;
}

/** The whole batch in one transaction, each run of one kind with that kind's set-based statements. */
async function writeInTransaction(db: PostgresDatabase, hub: string, writes: readonly ClientWrite[]): Promise<readonly Settled<ClientWriteOutcome>[]> {
  const only = writes.length === 1 ? writes[0] : undefined;
  const operation = only !== undefined ? describeClientWrite(only) : `write ${writes.length} client operations`;
  try {
    return await db.transaction(operation, (q, changes) => applyClientWrites(q, db.tables, hub, writes, changes), {
      // A batch whose every write was refused wrote nothing.
      counted: (results) => results.some((result) => result.ok),
    });
  } catch (error) {
    if (only !== undefined || isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')) throw error;
    const settled: Settled<ClientWriteOutcome>[] = [];
    for (const write of writes) {
      settled.push(
        await writeInTransaction(db, hub, [write]).then(
          ([result]) => result ?? { ok: false, error },
          (alone: unknown) => ({ ok: false, error: alone }),
        ),
      );
    }
    return settled;
  }
}

/** Applies each run of consecutive writes of one kind with that kind's set-based statements, run after run. */
async function applyClientWrites(
  db: Queryable,
  tables: PostgresTables,
  hub: string,
  writes: readonly ClientWrite[],
  changes: ChangeSet,
): Promise<Settled<ClientWriteOutcome>[]> {
  const settled: Settled<ClientWriteOutcome>[] = [];
  for (let start = 0; start < writes.length; ) {
    const kind = writes[start]?.kind;
    let end = start + 1;
    while (end < writes.length && writes[end]?.kind === kind) end++;
    const run = writes.slice(start, end);
    settled.push(...(await applyRun(db, tables, hub, run, changes)));
    start = end;
  }
  return settled;
}

async function applyRun(db: Queryable, tables: PostgresTables, hub: string, run: readonly ClientWrite[], changes: ChangeSet): Promise<Settled<ClientWriteOutcome>[]> {
  const first = run[0];
  if (first === undefined) return [];
  switch (first.kind) {
    case 'create-instance':
      return createInstances(db, tables, hub, run.flatMap((w) => (w.kind === 'create-instance' ? [w.instance] : [])), changes);
    case 'send-to-instance':
      return sendToInstances(db, tables, hub, run.flatMap((w) => (w.kind === 'send-to-instance' ? [w.message] : [])), changes);
    case 'send-to-entity':
      return sendToEntities(db, tables, hub, run.flatMap((w) => (w.kind === 'send-to-entity' ? [w] : [])), changes);
  }
}
