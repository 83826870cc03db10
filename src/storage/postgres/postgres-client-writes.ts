import { isDurableErrorWithCode } from '../../model/errors/durable-error';
import type { ChangeSet } from '../change-notifier';
import { describeClientWrite, type ClientWrite, type ClientWriteOutcome } from '../client-writes';
import type { Settled } from '../write-coalescer';
import { createInstances, sendToEntities, sendToInstances } from './postgres-client-batch';
import type { PostgresDatabase } from './postgres-database';
import type { PostgresTables, Queryable } from './postgres-tables';

/**
 * Writes a batch of client writes in one transaction (one COMMIT), in the order given. If the
 * transaction fails and was rolled back (any error but StorageUnavailableError, whose outcome may
 * be unknown and which every caller should see), each write is tried again alone, as it was
 * before batching: one write's failing statement, or a deadlock, fails only that write.
 */
export async function writePostgresClientBatch(db: PostgresDatabase, hub: string, writes: readonly ClientWrite[]): Promise<readonly Settled<ClientWriteOutcome>[]> {
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
        await writePostgresClientBatch(db, hub, [write]).then(
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
