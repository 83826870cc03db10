import type { ChangeSet } from '../change-notifier';
import { WriteCoalescer } from '../write-coalescer';
import type { SqliteDatabaseHandle, SqliteStatements } from './sqlite-database-handle';

/** A durable write's body, run inside the transaction of the group commit it joins. */
export type QueuedWriteBody<T> = (statements: SqliteStatements, changes: ChangeSet) => T;

interface QueuedWrite {
  /** How the write names itself in an error (StorageError: "failed to <operation>"). */
  readonly operation: string;
  readonly body: QueuedWriteBody<unknown>;
}

/**
 * One group-commit queue for the durable writes of a connection, whatever asked for them: client
 * starts, raises and signals, episode commits (claimed, eager and local-result ones), activity
 * results. Writes queued while a transaction runs, or in the same turn of the event loop as the
 * last one, share the next transaction — one COMMIT and one fsync — each in its own savepoint,
 * so a write that fails is rolled back alone and only its caller sees the error (see
 * SqliteDatabaseHandle.writeEach). A lone write is written at once (see WriteCoalescer).
 *
 * Claims and lease renewals stay out of it: they are not fsynced (synchronous=NORMAL) and their
 * callers need the answer before anything else can start.
 */
export class SqliteWriteQueue {
  private readonly coalescer: WriteCoalescer<QueuedWrite, unknown>;

  constructor(handle: SqliteDatabaseHandle) {
    this.coalescer = new WriteCoalescer(async (writes) =>
      handle.writeEach(
        writes.length === 1 && writes[0] !== undefined ? writes[0].operation : `write ${writes.length} queued operations`,
        writes,
        (write) => write.operation,
        (write, statements, changes) => write.body(statements, changes),
      ),
    );
  }

  /** Runs `body` in the next group commit; answers its value once that transaction committed. */
  submit<T>(operation: string, body: QueuedWriteBody<T>): Promise<T> {
    // The coalescer hands back what `body` returned, unchanged.
    return this.coalescer.submit({ operation, body }) as Promise<T>;
  }
}
