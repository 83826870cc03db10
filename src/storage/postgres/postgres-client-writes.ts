import { isDurableErrorWithCode } from '../../model/errors/durable-error';
import { StorageError } from '../../model/errors/storage-error';
import type { ChangeSet } from '../change-notifier';
import { describeClientWrite, type ClientWrite, type ClientWriteOutcome } from '../client-writes';
import type { Settled } from '../write-coalescer';
import { createInstances, sendToEntities, sendToInstances } from './postgres-client-batch';
import { oneStatementPlan, wroteAny, type StatementResult } from './postgres-client-statements';
import type { PostgresDatabase } from './postgres-database';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Writes a batch of client writes, in the order given. A batch of one kind is one self-committing
 * statement (one round trip; see oneStatementPlan); starts whose id was taken then go the
 * transaction's way (replace a finished instance, refuse a live one). Other batches are one
 * transaction (one COMMIT). If the transaction fails and was rolled back (any error but
 * StorageUnavailableError, whose outcome may be unknown and which every caller should see), each
 * write is tried again alone, as it was before batching: one write's failing statement, or a
 * deadlock, fails only that write. A statement that fails the same way goes to the transaction.
 */
export async function writePostgresClientBatch(db: PostgresDatabase, hub: string, writes: readonly ClientWrite[]): Promise<readonly Settled<ClientWriteOutcome>[]> {
  const plan = oneStatementPlan(db, hub, writes);
  if (plan === undefined) return writeInTransaction(db, hub, writes);
  let results: StatementResult[];
  try {
    const operation = writes.length === 1 && writes[0] !== undefined ? describeClientWrite(writes[0]) : plan.operation;
    results = await db.singleStatement(operation, (q, changes) => plan.run(q, changes), { notifiedInStatement: true, counted: wroteAny });
  } catch (error) {
    if (isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')) throw error;
    return writeInTransaction(db, hub, writes);
  }
  const taken = writes.filter((_, index) => results[index] === 'taken');
  const settled = taken.length > 0 ? await writeInTransaction(db, hub, taken) : [];
  let next = 0;
  return results.map((result) => (result !== 'taken' ? result : (settled[next++] ?? { ok: false, error: new StorageError('A start whose id was taken got no outcome.') })));
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
