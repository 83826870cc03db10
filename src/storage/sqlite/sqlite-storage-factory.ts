import type { SqliteStorageOptions } from './sqlite-options';
import { SqliteStorageProvider } from './sqlite-storage-provider';

/** Makes a SQLite provider and initializes it (opens the file, migrates the schema). */
export async function createSqliteStorageProvider(options: SqliteStorageOptions): Promise<SqliteStorageProvider> {
  const provider = new SqliteStorageProvider(options);
  await provider.initialize();
  return provider;
}
