export { createPostgresStorageProvider } from './postgres-storage-factory';
export { PostgresStorageProvider } from './postgres-storage-provider';
export type { PostgresStorageOptions } from './postgres-options';
export { DEFAULT_POSTGRES_SCHEMA } from './postgres-options';
export { POSTGRES_SCHEMA_VERSION } from './postgres-schema';
export { describePostgresConnection, describePostgresTarget, resolvePostgresTarget, type PostgresTarget } from './postgres-target';
export type { Queryable } from './postgres-tables';
