import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostConfig } from '../../../src/host/config/host-config';
import { loadHostConfig, type LoadHostConfigOptions } from '../../../src/host/config/load-host-config';
import { describeStorage, openStorageProvider } from '../../../src/host/open-storage-provider';
import { ConfigurationError } from '../../../src/model/errors/configuration-error';
import { StorageError } from '../../../src/model/errors/storage-error';
import { PayloadStorageProvider } from '../../../src/storage/payload/payload-storage-provider';
import { PostgresStorageProvider } from '../../../src/storage/postgres';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';

const ENV = 'AzureFunctionsJobHost__extensions__durableTask__';
const cwd = mkdtempSync(join(tmpdir(), 'durable-ts-postgres-config-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const withStorage = (storageProvider: unknown, env: Record<string, string> = {}): LoadHostConfigOptions => ({
  cwd,
  env,
  hostJson: { version: '2.0', extensions: { durableTask: { storageProvider } } },
});

function configError(options: LoadHostConfigOptions): ConfigurationError {
  try {
    loadHostConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected loadHostConfig to throw');
}

describe('postgres storage configuration', () => {
  it('defaults the schema and leaves the connection to pg (PG* variables) when none is given', () => {
    const config = loadHostConfig(withStorage({ type: 'postgres' }));
    expect(config.storageProvider).toEqual({ type: 'postgres', connectionString: undefined, schema: 'durable', preparedStatements: true });
    expect(Object.isFrozen(config.storageProvider)).toBe(true);
    expect(config.sources).toEqual(['defaults', 'host.json']);
  });

  it('takes the connection string and schema from host.json, before DURABLE_PG_URL', () => {
    const url = 'postgres://app@db.internal:5433/durable';
    const config = loadHostConfig(withStorage({ type: 'postgres', connectionString: url, schema: 'hub_store' }, { DURABLE_PG_URL: 'postgres://other/x' }));
    expect(config.storageProvider).toEqual({ type: 'postgres', connectionString: url, schema: 'hub_store', preparedStatements: true });
    expect(config.sources).toEqual(['defaults', 'host.json']);
  });

  it('turns prepared statements off from host.json or the environment, and refuses a non-boolean', () => {
    expect(loadHostConfig(withStorage({ type: 'postgres', preparedStatements: false })).storageProvider).toMatchObject({ preparedStatements: false });
    const fromEnv = loadHostConfig(withStorage({ type: 'postgres' }, { [`${ENV}storageProvider__preparedStatements`]: 'false' }));
    expect(fromEnv.storageProvider).toMatchObject({ preparedStatements: false });
    const error = configError(withStorage({ type: 'postgres', preparedStatements: 'no' }));
    expect(error.message).toMatch(/preparedStatements.*must be true or false/);
  });

  it('uses DURABLE_PG_URL when no connection string is configured, and says so in sources', () => {
    const config = loadHostConfig(withStorage({ type: 'postgres' }, { DURABLE_PG_URL: 'postgres://env@h:1/d' }));
    expect(config.storageProvider).toMatchObject({ type: 'postgres', connectionString: 'postgres://env@h:1/d' });
    expect(config.sources).toEqual(['defaults', 'host.json', 'environment (DURABLE_PG_URL)']);
  });

  it('ignores DURABLE_PG_URL when the provider is sqlite', () => {
    const config = loadHostConfig({ cwd, env: { DURABLE_PG_URL: 'postgres://env@h:1/d' } });
    expect(config.storageProvider.type).toBe('sqlite');
    expect(config.sources).toEqual(['defaults']);
  });

  it('selects postgres and its fields from AzureFunctionsJobHost variables alone (names ignore case)', () => {
    const config = loadHostConfig({
      cwd,
      env: {
        [`${ENV}storageProvider__type`]: 'postgres',
        [`${ENV}storageProvider__ConnectionString`]: 'postgres://u@h:5432/d',
        [`${ENV}storageProvider__SCHEMA`]: 'from_env',
        DURABLE_PG_URL: 'postgres://ignored@h/x',
      },
    });
    expect(config.storageProvider).toEqual({ type: 'postgres', connectionString: 'postgres://u@h:5432/d', schema: 'from_env', preparedStatements: true });
  });

  it('lets an environment variable switch a sqlite host.json to postgres', () => {
    const config = loadHostConfig(withStorage({ type: 'sqlite' }, { [`${ENV}storageProvider__type`]: 'postgres' }));
    expect(config.storageProvider).toEqual({ type: 'postgres', connectionString: undefined, schema: 'durable', preparedStatements: true });
  });

  it.each([
    ['a sqlite-only key', { type: 'postgres', path: 'x.db' }, 'storageProvider.path', 'type, connectionString, schema'],
    ['a bad schema name', { type: 'postgres', schema: 'my-schema' }, 'storageProvider.schema', 'letters, digits or underscores'],
    ['an empty connection string', { type: 'postgres', connectionString: '' }, 'storageProvider.connectionString', 'postgres://'],
    ['a connection string for sqlite', { type: 'sqlite', connectionString: 'postgres://u:pw@h/d' }, 'storageProvider.connectionString', 'unknown key'],
  ])('rejects %s, naming the path', (_label, storage, path, expected) => {
    const error = configError(withStorage(storage));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(path);
    expect(error.problems[0]).toContain(expected);
  });

  it('never repeats a connection string (it may hold a password) in a configuration error', () => {
    const error = configError(withStorage({ type: 'sqlite', connectionString: 'postgres://u:s3cret@h/d' }));
    expect(error.message).not.toContain('s3cret');
  });
});

describe('opening and describing postgres storage from the configuration', () => {
  const postgresConfig = (connectionString: string, schema = 'durable'): HostConfig =>
    loadHostConfig(withStorage({ type: 'postgres', connectionString, schema }));

  it('describes the target without the password', () => {
    const text = describeStorage(postgresConfig('postgres://app:s3cret@db.internal:5433/store', 'hubs'));
    expect(text).toBe('postgres:app@db.internal:5433/store (schema=hubs)');
  });

  it('opens postgres: an unreachable server is a StorageError naming it', async () => {
    await expect(openStorageProvider(postgresConfig('postgres://app:s3cret@127.0.0.1:1/store'))).rejects.toThrow(StorageError);
    await expect(openStorageProvider(postgresConfig('postgres://app:s3cret@127.0.0.1:1/store'))).rejects.toThrow(/app@127\.0\.0\.1:1\/store/);
  });

  describeIfPostgres('with a server', () => {
    it('opens a working postgres provider on the configured hub and schema', async () => {
      const hubName = `ConfigTest${randomBytes(4).toString('hex')}`;
      const config = loadHostConfig({
        cwd,
        env: { DURABLE_PG_URL: testPostgresUrl(), [`${ENV}hubName`]: hubName },
        hostJson: { extensions: { durableTask: { storageProvider: { type: 'postgres', schema: 'durable_test' } } } },
      });
      const provider = await openStorageProvider(config);
      // Payload handling (limits, compression, codecs) wraps whichever provider is configured.
      const inner = provider instanceof PayloadStorageProvider ? provider.inner : provider;
      try {
        expect(inner).toBeInstanceOf(PostgresStorageProvider);
        expect(provider.kind).toBe('postgres');
        expect(provider.hubName).toBe(hubName);
        expect(await provider.getInstance('nobody')).toBeUndefined();
      } finally {
        if (inner instanceof PostgresStorageProvider) await inner.deleteHub();
        await provider.close();
      }
    });
  });
});
