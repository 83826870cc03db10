import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { createDurableHost, PayloadStorageProvider, SqliteStorageProvider, type Clock, type DataConverter, type DurableHost, type Logger, type StorageProvider } from 'durable-ts';
import type { Constructor } from '../../src/registry/function-registration';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestHost {
  readonly host: DurableHost;
  readonly dir: string;
  readonly dbPath: string;
  /** Stops the host and removes its folder. */
  dispose(): Promise<void>;
  /** Stops the host and keeps its folder (for another host on the same database). */
  stop(): Promise<void>;
}

export interface TestHostOptions {
  readonly dir?: string;
  readonly drainTimeoutMs?: number;
  readonly clock?: Clock;
  /** The app's container (a child of it becomes the host's), for tests that register services. */
  readonly container?: DependencyContainer;
  /** Defaults to a silent logger. */
  readonly logger?: Logger;
  /** host.json `functionTimeout` (top level). */
  readonly functionTimeout?: string;
  readonly dataConverter?: DataConverter;
  /** host.json `logging` (top level). */
  readonly logging?: Record<string, unknown>;
}

/** A started host on a fresh SQLite file in a temp folder, with a silent logger. */
export async function startTestHost(
  functions: readonly Constructor[],
  durableTask: Record<string, unknown> = {},
  options: TestHostOptions = {},
): Promise<TestHost> {
  const t = await createTestHost(functions, durableTask, options);
  await t.host.start();
  return t;
}

/** Like startTestHost, but the host is not started: nothing is processed until `host.start()`. */
export async function createTestHost(
  functions: readonly Constructor[],
  durableTask: Record<string, unknown> = {},
  options: TestHostOptions = {},
): Promise<TestHost> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'durable-ts-test-'));
  const dbPath = join(dir, 'durable.sqlite');
  const host = await createDurableHost({
    functions,
    env: {},
    cwd: dir,
    logger: options.logger ?? silentLogger,
    ...(options.drainTimeoutMs !== undefined ? { drainTimeoutMs: options.drainTimeoutMs } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.container !== undefined ? { container: options.container } : {}),
    ...(options.dataConverter !== undefined ? { dataConverter: options.dataConverter } : {}),
    hostJson: {
      version: '2.0',
      ...(options.functionTimeout !== undefined ? { functionTimeout: options.functionTimeout } : {}),
      ...(options.logging !== undefined ? { logging: options.logging } : {}),
      extensions: { durableTask: { hubName: 'TestHub', storageProvider: { type: 'sqlite', path: dbPath }, ...durableTask } },
    },
  });
  return {
    host,
    dir,
    dbPath,
    stop: () => host.stop(),
    dispose: async () => {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The SQLite provider under the host's payload wrapper, for tests that reach into the database. */
export function sqliteProviderOf(storage: StorageProvider): SqliteStorageProvider {
  const inner = storage instanceof PayloadStorageProvider ? storage.inner : storage;
  if (!(inner instanceof SqliteStorageProvider)) throw new Error(`expected a SQLite provider, got ${inner.kind}`);
  return inner;
}
