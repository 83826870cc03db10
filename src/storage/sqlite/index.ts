export { createSqliteStorageProvider } from './sqlite-storage-factory';
export { SqliteStorageProvider } from './sqlite-storage-provider';
export type { SqliteStorageOptions, SqliteSynchronousMode } from './sqlite-options';
export { SQLITE_SCHEMA_VERSION } from './sqlite-schema';
