import { isEntityInstanceId } from '../../model/entity-id';
import type { ChangeSet } from '../change-notifier';
import type { ClientWrite, ClientWriteOutcome } from '../client-writes';
import type { Settled } from '../write-coalescer';
import { createInstancesInOneStatement } from './postgres-create-one-statement';
import type { PostgresDatabase } from './postgres-database';
import { sendToEntitiesInOneStatement, sendToInstancesInOneStatement } from './postgres-send-one-statement';
import type { Queryable } from './postgres-tables';

/** A write's result from the one statement, or `taken`: a start whose id was taken, left for the transaction path. */
export type StatementResult = Settled<ClientWriteOutcome> | 'taken';

/** How a batch is written as one statement: `run` answers one result per write, in order. */
export interface OneStatementPlan {
  readonly operation: string;
  run(db: Queryable, changes: ChangeSet): Promise<StatementResult[]>;
}

/**
 * The one statement that writes `writes`, when they are all of one kind: starts with distinct ids,
 * events to instances, or signals to entities. Mixed batches (and a start repeated in its batch)
 * have none: they take the transaction.
 */
export function oneStatementPlan(db: PostgresDatabase, hub: string, writes: readonly ClientWrite[]): OneStatementPlan | undefined {
  const notices = (hint: ChangeSet): ReturnType<PostgresDatabase['notices']> => db.notices(hint);
  const kind = writes[0]?.kind;
  if (kind === undefined || writes.some((write) => write.kind !== kind)) return undefined;
  switch (kind) {
    case 'create-instance': {
      const starts = writes.flatMap((write) => (write.kind === 'create-instance' ? [write.instance] : []));
      if (new Set(starts.map((start) => start.instanceId)).size !== starts.length) return undefined;
      return {
        operation: `start ${starts.length} instance(s)`,
        run: async (q, changes) => {
          const placed = await createInstancesInOneStatement(q, db.tables, hub, starts, notices, changes);
          return starts.map((start): StatementResult => {
            const created = placed.get(start.instanceId);
            return created !== undefined ? { ok: true, value: created } : 'taken';
          });
        },
      };
    }
    case 'send-to-instance': {
      const messages = writes.flatMap((write) => (write.kind === 'send-to-instance' ? [write.message] : []));
      return {
        operation: `send ${messages.length} event(s) to instances`,
        run: (q, changes) => sendToInstancesInOneStatement(q, db.tables, hub, messages, notices, changes),
      };
    }
    case 'send-to-entity': {
      const signals = writes.flatMap((write) => (write.kind === 'send-to-entity' ? [write] : []));
      if (!signals.every(({ message }) => isEntityInstanceId(message.instanceId))) return undefined;
      return {
        operation: `send ${signals.length} signal(s) to entities`,
        run: (q, changes) => sendToEntitiesInOneStatement(q, db.tables, hub, signals, notices, changes),
      };
    }
  }
}

/** Whether the statement wrote anything (a start placed, an event queued, a signal sent). */
export function wroteAny(results: readonly StatementResult[]): boolean {
  return results.some((result) => result !== 'taken' && result.ok && (result.value === undefined || !('kind' in result.value) || result.value.kind === 'sent'));
}
