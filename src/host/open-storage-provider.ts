import { systemClock, type Clock } from '../model/clock';
import { silentLogger, type Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import type { DataConverter } from '../storage/payload/payload-codec';
import { PayloadStorageProvider } from '../storage/payload/payload-storage-provider';
import { createPostgresStorageProvider } from '../storage/postgres/postgres-storage-factory';
import { describePostgresConnection } from '../storage/postgres/postgres-target';
import { createSqliteStorageProvider } from '../storage/sqlite/sqlite-storage-factory';
import type { HostConfig } from './config/host-config';

/**
 * Opens (and migrates) the storage provider that the configuration names; it reads the time from
 * `clock` and reports recovered failures (a lost connection, …) to `logger`. Payloads go through
 * `withPayloads` (limits, compression, the data converter's codecs).
 */
export async function openStorageProvider(
  config: HostConfig,
  clock: Clock = systemClock,
  dataConverter?: DataConverter,
  logger: Logger = silentLogger,
): Promise<StorageProvider> {
  const storage = config.storageProvider;
  switch (storage.type) {
    case 'sqlite':
      return withPayloads(await createSqliteStorageProvider({ path: storage.path, hubName: config.hubName, synchronous: storage.synchronous, clock, logger }), config, dataConverter);
    case 'postgres':
      return withPayloads(
        await createPostgresStorageProvider({
          ...(storage.connectionString !== undefined ? { connectionString: storage.connectionString } : {}),
          hubName: config.hubName,
          schema: storage.schema,
          preparedStatements: storage.preparedStatements,
          clock,
          logger,
        }),
        config,
        dataConverter,
      );
  }
}

/**
 * `storage` with the configured payload handling: client payloads over `maxPayloadSizeInBytes`
 * refused, payloads over the compression threshold stored compressed, and the data converter's
 * codecs applied to every stored payload. A provider already wrapped is returned as it is.
 */
export function withPayloads(storage: StorageProvider, config: HostConfig, dataConverter?: DataConverter): StorageProvider {
  if (storage instanceof PayloadStorageProvider) return storage;
  return new PayloadStorageProvider(storage, {
    maxPayloadBytes: config.maxPayloadBytes,
    compressionThresholdBytes: config.payloadCompressionThresholdBytes,
    ...(dataConverter?.payloadCodecs !== undefined ? { codecs: dataConverter.payloadCodecs } : {}),
  });
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
