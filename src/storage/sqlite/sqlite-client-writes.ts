import { InstanceAlreadyExistsError } from '../../model/errors/instance-already-exists-error';
import { isRuntimeStatus, isTerminalStatus } from '../../model/runtime-status';
import type { ChangeSet } from '../change-notifier';
import { describeClientWrite, type ClientWrite, type ClientWriteOutcome } from '../client-writes';
import type { NewMessage, SendOutcome } from '../storage-records';
import type { Settled } from '../write-coalescer';
import type { SqliteDatabaseHandle, SqliteStatements } from './sqlite-database-handle';
import { insertInstance } from './sqlite-instance-insert';
import { insertMessage } from './sqlite-message-insert';
import { serializeEvent } from './sqlite-rows';

/**
 * Writes a batch of client writes in one transaction (one fsync), in order, each in its own
 * savepoint: a start that finds its id taken fails alone with InstanceAlreadyExistsError.
 */
export function writeSqliteClientBatch(handle: SqliteDatabaseHandle, hub: string, writes: readonly ClientWrite[]): Settled<ClientWriteOutcome>[] {
  const operation = writes.length === 1 && writes[0] !== undefined ? describeClientWrite(writes[0]) : `write ${writes.length} client operations`;
  return handle.writeEach(operation, writes, describeClientWrite, (write, { orchestrations }, changes): ClientWriteOutcome => {
    switch (write.kind) {
      case 'create-instance': {
        const outcome = insertInstance(orchestrations, hub, write.instance, changes);
        if (outcome.conflict !== undefined) throw new InstanceAlreadyExistsError(write.instance.instanceId, outcome.conflict, write.instance.idReuse !== 'never');
        return outcome.created;
      }
      case 'send-to-instance':
        return sendToLiveInstance({ orchestrations }, hub, write.message, changes);
      case 'send-to-entity':
        insertMessage(orchestrations, hub, write.message, write.now, changes);
        return undefined;
    }
  });
}

/** Queues the message if its instance exists and has not finished; says which it was. */
function sendToLiveInstance({ orchestrations }: Pick<SqliteStatements, 'orchestrations'>, hub: string, message: NewMessage, changes: ChangeSet): SendOutcome {
  const key = { hub, instanceId: message.instanceId };
  const row = orchestrations.selectInstanceState.get(key);
  if (row === undefined) return { kind: 'not-found' };
  const status = isRuntimeStatus(row.runtime_status) ? row.runtime_status : 'Running';
  if (isTerminalStatus(status)) return { kind: 'not-running', runtimeStatus: status };
  orchestrations.insertMessage.run({ ...key, event: serializeEvent(message.event), visibleAt: message.visibleAt });
  changes.addWork('orchestration');
  return { kind: 'sent', runtimeStatus: status };
}
