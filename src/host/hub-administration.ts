import type { HubAdministration } from '../http/admin-routes';
import type { StorageProvider } from '../storage/storage-provider';

/** The admin capabilities of a hub's storage: every provider can delete its own hub. */
export function hubAdministration(storage: StorageProvider): HubAdministration {
  return { deleteTaskHub: () => storage.deleteHub() };
}
