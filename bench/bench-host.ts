import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDurableHost, SqliteStorageProvider, type DurableHost, type DurableHostOptions } from 'durable-ts';
import { CountingLogger } from './counting-logger';

type FunctionClass = DurableHostOptions['functions'][number];

export interface BenchHostOptions {
  readonly functions: readonly FunctionClass[];
  /** host.json `extendedSessionsEnabled`; the framework default (true) when absent. */
  readonly extendedSessionsEnabled?: boolean;
}

/** A started host on a fresh SQLite file in a fresh temp directory; `dispose` stops it and deletes the directory. */
export interface BenchHost {
  readonly host: DurableHost;
  readonly logger: CountingLogger;
  readonly databasePath: string;
  /** The `synchronous` pragma SQLite actually runs with (read back from the connection). */
  readonly synchronous: string;
  dispose(): Promise<void>;
}

/** The task hub every bench host uses. */
export const BENCH_HUB = 'Bench';

/**
 * Starts a host the way an app would (host.json settings, default synchronous=FULL), isolated
 * from the caller's environment variables and working directory so runs are comparable.
 */
export async function startBenchHost(options: BenchHostOptions): Promise<BenchHost> {
  const directory = await mkdtemp(join(tmpdir(), 'durable-ts-bench-'));
  const databasePath = join(directory, 'bench.sqlite');
  const logger = new CountingLogger();
  try {
    const host = await createDurableHost({
      functions: options.functions,
      hostJson: {
        extensions: {
          durableTask: {
            hubName: BENCH_HUB,
            storageProvider: { type: 'sqlite', path: databasePath },
            ...(options.extendedSessionsEnabled !== undefined ? { extendedSessionsEnabled: options.extendedSessionsEnabled } : {}),
          },
        },
      },
      env: {},
      cwd: directory,
      logger,
    });
    await host.start();
    return {
      host,
      logger,
      databasePath,
      synchronous: readSynchronous(host),
      async dispose(): Promise<void> {
        try {
          await host.stop();
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

function readSynchronous(host: DurableHost): string {
  if (!(host.storage instanceof SqliteStorageProvider)) return `n/a (${host.storage.kind})`;
  const value = host.storage.database().pragma('synchronous', { simple: true });
  return typeof value === 'number' ? (SYNCHRONOUS_NAMES[value] ?? String(value)) : String(value);
}
