import type { HubTransferStore } from '../../storage/transfer/hub-transfer-store';
import type { TransferInstance } from '../../storage/transfer/transfer-records';

/** Instances read per page (one snapshot per page): bounds memory to one page of instances. */
export const TRANSFER_PAGE_SIZE = 100;

/** Every instance of a store in id order, a page at a time. */
export async function* storeInstances(store: HubTransferStore, pageSize = TRANSFER_PAGE_SIZE): AsyncGenerator<TransferInstance> {
  let afterId: string | undefined;
  for (;;) {
    const page = await store.readInstances(afterId, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    afterId = page[page.length - 1]?.instanceId;
  }
}
