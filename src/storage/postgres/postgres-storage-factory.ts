import type { PostgresStorageOptions } from './postgres-options';
import { PostgresStorageProvider } from './postgres-storage-provider';

/**
 * Makes a PostgreSQL provider and initializes it (connects, creates or migrates the schema,
 * registers the hub, starts listening). If that fails, the pool is closed and the StorageError,
 * which names the server, port and database, is thrown.
 */
export async function createPostgresStorageProvider(options: PostgresStorageOptions): Promise<PostgresStorageProvider> {
  const provider = new PostgresStorageProvider(options);
  try {
    await provider.initialize();
  } catch (error) {
    // The initialization error is the one worth reporting; closing only frees the pool.
    await provider.close().catch(() => undefined);
    throw error;
  }
  return provider;
}
