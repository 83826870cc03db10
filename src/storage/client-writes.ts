import type { HistoryEvent } from '../model/history-event';
import type { CreatedInstance, NewInstance, NewMessage, SendOutcome } from './storage-records';
import { WriteCoalescer, type BatchWriter } from './write-coalescer';

/** A client's write to storage: what `createInstance`, `sendToInstance` and `sendToEntity` are asked to do. */
export type ClientWrite =
  | { readonly kind: 'create-instance'; readonly instance: NewInstance }
  | { readonly kind: 'send-to-instance'; readonly message: NewMessage }
  /** `now` is the caller's clock time: an entity row created by this message is created then. */
  | { readonly kind: 'send-to-entity'; readonly message: NewMessage; readonly now: number };

/** A send to an instance answers its SendOutcome, a start its CreatedInstance (or nothing); a signal nothing. */
export type ClientWriteOutcome = SendOutcome | CreatedInstance | undefined;

/** The operation's name in error messages, as each write named itself before it was batched. */
export function describeClientWrite(write: ClientWrite): string {
  switch (write.kind) {
    case 'create-instance':
      return `create instance '${write.instance.instanceId}'`;
    case 'send-to-instance':
    case 'send-to-entity':
      return `send ${write.message.event.type} to '${write.message.instanceId}'`;
  }
}

/**
 * The client writes of one provider, group-committed (see WriteCoalescer): concurrent starts,
 * raises and signals share transactions, and each caller still gets its own outcome or error.
 */
export class ClientWrites {
  /** `submit` writes one client write in a group commit the caller runs (e.g. SQLite's write queue). */
  constructor(private readonly submit: (write: ClientWrite) => Promise<ClientWriteOutcome>) {}

  /** Client writes group-committed by a coalescer of their own, written in batches by `writer`. */
  static batched(writer: BatchWriter<ClientWrite, ClientWriteOutcome>, maxBatch?: number): ClientWrites {
    const coalescer = new WriteCoalescer(writer, maxBatch);
    return new ClientWrites((write) => coalescer.submit(write));
  }

  async createInstance(instance: NewInstance): Promise<CreatedInstance> {
    const outcome = await this.submit({ kind: 'create-instance', instance });
    return outcome === undefined || 'kind' in outcome ? {} : outcome;
  }

  async sendToInstance(instanceId: string, event: HistoryEvent, visibleAt: number): Promise<SendOutcome> {
    const outcome = await this.submit({ kind: 'send-to-instance', message: { instanceId, event, visibleAt } });
    if (outcome === undefined || !('kind' in outcome)) throw new Error(`The batch writer gave no SendOutcome for the send to '${instanceId}'.`);
    return outcome;
  }

  async sendToEntity(entityInstanceId: string, event: HistoryEvent, visibleAt: number, now: number): Promise<void> {
    await this.submit({ kind: 'send-to-entity', message: { instanceId: entityInstanceId, event, visibleAt }, now });
  }
}
