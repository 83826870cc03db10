import { InstanceAlreadyExistsError } from '../../model/errors/instance-already-exists-error';
import { isRuntimeStatus, isTerminalStatus } from '../../model/runtime-status';
import type { ChangeSet } from '../change-notifier';
import { describeClientWrite, type ClientWrite, type ClientWriteOutcome } from '../client-writes';
import type { NewMessage, SendOutcome } from '../storage-records';
import type { SqliteStatements } from './sqlite-database-handle';
import type { SqliteWriteQueue } from './sqlite-write-queue';
import { insertInstance } from './sqlite-instance-insert';
import { insertMessage } from './sqlite-message-insert';
import { serializeEvent } from './sqlite-rows';

/**
 * One client write, inside the group commit of the connection's write queue (its own savepoint
 * there): a start that finds its id taken fails alone with InstanceAlreadyExistsError.
 */
export function submitSqliteClientWrite(queue: SqliteWriteQueue, hub: string, write: ClientWrite): Promise<ClientWriteOutcome> {
  return queue.submit(describeClientWrite(write), ({ orchestrations }, changes): ClientWriteOutcome => {
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
