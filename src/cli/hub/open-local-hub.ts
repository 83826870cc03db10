import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import pg from 'pg';
import type { HostConfig } from '../../host/config/host-config';
import { loadHostConfig } from '../../host/config/load-host-config';
import { describeStorage, openStorageProvider } from '../../host/open-storage-provider';
import { systemClock } from '../../model/clock';
import { PostgresStorageProvider } from '../../storage/postgres/postgres-storage-provider';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { LocalHub } from './local-hub';

/**
 * Opens the task hub that host.json and the environment of the working directory name. Only a verb
 * that writes may create it (`mustExist: false`): a read, or a change to something that would
 * have to be in the hub already, on a hub that is not there is an error, and leaves no file or
 * schema behind.
 * @throws ConfigurationError for an invalid host.json or environment
 * @throws CliError HUB_NOT_FOUND
 */
export async function openLocalHub(io: CliIo, options: { mustExist: boolean }): Promise<LocalHub> {
  const config = loadHostConfig({ env: io.env, cwd: io.cwd });
  if (options.mustExist) await assertHubExists(config, io.cwd);
  const storage = await openStorageProvider(config, systemClock);
  return new LocalHub(storage, systemClock, `task hub '${config.hubName}' (${describeStorage(config)})`);
}

/**
 * Refuses a hub that is not there (no SQLite file; no such hub in the PostgreSQL schema), without creating anything.
 * @throws CliError HUB_NOT_FOUND
 */
export async function assertHubExists(config: HostConfig, cwd: string): Promise<void> {
  const storage = config.storageProvider;
  if (storage.type === 'sqlite') {
    if (!existsSync(storage.path)) throw new CliError('HUB_NOT_FOUND', `no hub at ${relative(cwd, storage.path) || storage.path}: nothing has been started in this folder's task hub (see host.json).`);
    return;
  }
  const pool = new pg.Pool({ ...(storage.connectionString !== undefined ? { connectionString: storage.connectionString } : {}), max: 1 });
  try {
    const hubs = await PostgresStorageProvider.listHubs(pool, storage.schema);
    if (!hubs.includes(config.hubName)) {
      throw new CliError('HUB_NOT_FOUND', `no hub '${config.hubName}' in ${describeStorage(config)}${hubs.length > 0 ? `; hubs there: ${hubs.join(', ')}` : ''}.`);
    }
  } finally {
    await pool.end();
  }
}
