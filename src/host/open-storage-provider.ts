import { systemClock, type Clock } from '../model/clock';
import { silentLogger, type Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import { createPostgresStorageProvider } from '../storage/postgres/postgres-storage-factory';
import { describePostgresConnection } from '../storage/postgres/postgres-target';
import { createSqliteStorageProvider } from '../storage/sqlite/sqlite-storage-factory';
import type { HostConfig } from './config/host-config';

/**
 * Opens (and migrates) the storage provider that the configuration names; it reads the time from
 * `clock` and reports recovered failures (a lost connection, …) to `logger`.
 */
export async function openStorageProvider(config: HostConfig, clock: Clock = systemClock, logger: Logger = silentLogger): Promise<StorageProvider> {
  const storage = config.storageProvider;
  switch (storage.type) {
    case 'sqlite':
      return createSqliteStorageProvider({ path: storage.path, hubName: config.hubName, synchronous: storage.synchronous, clock, logger });
    case 'postgres':
      return createPostgresStorageProvider({
        ...(storage.connectionString !== undefined ? { connectionString: storage.connectionString } : {}),
        hubName: config.hubName,
        schema: storage.schema,
        clock,
        logger,
      });
  }
}

/** A short description of the storage in use, for logs (never a password). */
export function describeStorage(config: HostConfig): string {
  const storage = config.storageProvider;
  switch (storage.type) {
    case 'sqlite':
      return `${storage.type}:${storage.path} (synchronous=${storage.synchronous})`;
    case 'postgres':
      return `${storage.type}:${describePostgresConnection(storage.connectionString)} (schema=${storage.schema})`;
  }
}
