import type { StorageProvider } from '../storage/storage-provider';
import { createSqliteStorageProvider } from '../storage/sqlite/sqlite-storage-factory';
import type { HostConfig } from './config/host-config';

/** Opens (and migrates) the storage provider that the configuration names. */
export async function openStorageProvider(config: HostConfig): Promise<StorageProvider> {
  const storage = config.storageProvider;
  switch (storage.type) {
    case 'sqlite':
      return createSqliteStorageProvider({ path: storage.path, hubName: config.hubName, synchronous: storage.synchronous });
  }
}

/** A short description of the storage in use, for logs. */
export function describeStorage(config: HostConfig): string {
  const storage = config.storageProvider;
  return `${storage.type}:${storage.path} (synchronous=${storage.synchronous})`;
}
