import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { StorageProviderConfig } from '../../host/config/host-config';
import { loadHostConfig } from '../../host/config/load-host-config';
import { openStorageProvider } from '../../host/open-storage-provider';
import { systemClock } from '../../model/clock';
import { PayloadStorageProvider } from '../../storage/payload/payload-storage-provider';
import { isTransferCapable, type HubTransferStore } from '../../storage/transfer/hub-transfer-store';
import type { CliIo } from '../cli-io';
import { assertHubExists } from '../hub/open-local-hub';

/** A store named on the command line: `sqlite:<path>` or a `postgres://` URL (`?schema=` picks the schema). */
export type StoreSpec = StorageProviderConfig;

export const STORE_SPEC_HELP = "sqlite:<file> or postgres://user:pass@host:port/db[?schema=durable]";

/** Parses `--from` / `--to`; a bad value is a usage error. */
export function parseStoreSpec(text: string): StoreSpec {
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length);
    if (path === '') throw new InvalidArgumentError(`expected ${STORE_SPEC_HELP}; the SQLite file is missing.`);
    return { type: 'sqlite', path, synchronous: 'full' };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InvalidArgumentError(`expected ${STORE_SPEC_HELP}; this URL does not parse.`);
    }
    const schema = url.searchParams.get('schema') ?? 'durable';
    url.searchParams.delete('schema');
    return { type: 'postgres', connectionString: url.toString(), schema, preparedStatements: true };
  }
  throw new InvalidArgumentError(`expected ${STORE_SPEC_HELP}.`);
}

/** A transfer store opened on a hub, with the provider to close. */
export interface TransferEndpoint {
  readonly store: HubTransferStore;
  readonly hub: string;
  close(): Promise<void>;
}

/**
 * Opens `hub` in the store `spec` names, or, without them, the store and hub of host.json and the
 * environment. A source (`mustExist`) that is not there is HUB_NOT_FOUND, and nothing is created.
 */
export async function openTransferEndpoint(io: CliIo, spec: StoreSpec | undefined, hub: string | undefined, mustExist: boolean): Promise<TransferEndpoint> {
  const base = loadHostConfig({ env: io.env, cwd: io.cwd });
  const storageProvider = spec === undefined ? base.storageProvider : spec.type === 'sqlite' ? { ...spec, path: resolve(io.cwd, spec.path) } : spec;
  const config = { ...base, hubName: hub ?? base.hubName, storageProvider };
  if (mustExist) await assertHubExists(config, io.cwd);
  const provider = await openStorageProvider(config, systemClock);
  // Transfers copy the rows as stored (payloads still compressed or encoded), so they bypass the
  // payload layer and work on the provider underneath it.
  const stored = provider instanceof PayloadStorageProvider ? provider.inner : provider;
  if (!isTransferCapable(stored)) {
    await provider.close();
    throw new Error(`The ${provider.kind} storage provider cannot export or import instances.`);
  }
  return { store: stored.transferStore(), hub: config.hubName, close: () => provider.close() };
}

/** The hub host.json names (the default of --from-hub / --to-hub). */
export function configuredHubName(io: CliIo): string {
  return loadHostConfig({ env: io.env, cwd: io.cwd }).hubName;
}
