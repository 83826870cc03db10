import type { HubAdministration } from '../http/admin-routes';
import type { StorageProvider } from '../storage/storage-provider';

/** The admin capabilities of a hub's storage: both built-in providers can delete their hub. */
export function hubAdministration(storage: StorageProvider): HubAdministration {
  const deletable = storage as StorageProvider & { deleteHub?: () => Promise<void> };
  return typeof deletable.deleteHub === 'function' ? { deleteTaskHub: () => deletable.deleteHub!() } : {};
}
