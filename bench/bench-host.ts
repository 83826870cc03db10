import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDurableHost, PayloadStorageProvider, SqliteStorageProvider, type DurableHost, type DurableHostOptions } from 'durable-ts';
import { deleteBenchHub, readSynchronousCommit, storageProviderJson, uniqueBenchHub, type BenchStorage } from './bench-storage';
import { CountingLogger } from './counting-logger';

type FunctionClass = DurableHostOptions['functions'][number];

export interface BenchHostOptions {
  readonly functions: readonly FunctionClass[];
  /** host.json `extendedSessionsEnabled`; the framework default (true) when absent. */
  readonly extendedSessionsEnabled?: boolean;
  /**
   * host.json `replayVerification`; `'off'` when absent, as in production (the framework's default
   * outside production is `'always'`, which the replay-verification scenario measures).
   */
  readonly replayVerification?: 'always' | 'sample' | 'off';
  /** Where the host stores its state; a fresh SQLite file when absent. */
  readonly storage?: BenchStorage;
  /** Start the host's worker (default true); without it the host is only a client (scale-out runs). */
  readonly startWorker?: boolean;
  /**
   * Reopen the storage of an earlier host (a restart) instead of a fresh one; the caller then
   * owns it and removes it with `removeBenchPlace`.
   */
  readonly place?: BenchPlace;
}

/** Where a bench host keeps its state: a temp directory (the SQLite file) and a hub. */
export interface BenchPlace {
  readonly directory: string;
  readonly hubName: string;
}

/**
 * A started host on a fresh SQLite file in a fresh temp directory, or on a fresh hub of the
 * PostgreSQL server; `dispose` stops it and deletes the directory (and the hub).
 */
export interface BenchHost {
  readonly host: DurableHost;
  readonly logger: CountingLogger;
  readonly databasePath: string;
  /** The task hub (unique per host on PostgreSQL). */
  readonly hubName: string;
  /** SQLite: the `synchronous` pragma actually in effect (read back); PostgreSQL: the server's synchronous_commit. */
  readonly synchronous: string;
  readonly place: BenchPlace;
  dispose(): Promise<void>;
}

/** host.json durableTask settings every bench host of this run gets (set once from the command line). */
export const benchHostDefaults: { localActivityDispatch?: boolean; eagerStart?: boolean } = {};

/** The task hub every bench host uses. */
export const BENCH_HUB = 'Bench';

/**
 * Starts a host the way an app would (host.json settings, default synchronous=FULL), isolated
 * from the caller's environment variables and working directory so runs are comparable.
 */
export async function startBenchHost(options: BenchHostOptions): Promise<BenchHost> {
  const storage: BenchStorage = options.storage ?? { kind: 'sqlite' };
  const place = options.place ?? (await newBenchPlace(storage));
  const { directory, hubName } = place;
  const databasePath = join(directory, 'bench.sqlite');
  const logger = new CountingLogger();
  const removeAll = async (): Promise<void> => {
    if (options.place === undefined) await removeBenchPlace(storage, place);
  };
  try {
    const host = await createDurableHost({
      functions: options.functions,
      hostJson: {
        extensions: {
          durableTask: {
            hubName,
            storageProvider: storageProviderJson(storage, databasePath),
            ...(options.extendedSessionsEnabled !== undefined ? { extendedSessionsEnabled: options.extendedSessionsEnabled } : {}),
            replayVerification: options.replayVerification ?? 'off',
            ...benchHostDefaults,
          },
        },
      },
      env: {},
      cwd: directory,
      logger,
    });
    let synchronous: string;
    try {
      if (options.startWorker ?? true) await host.start();
      synchronous = storage.kind === 'postgres' ? await readSynchronousCommit(storage.postgres.url) : readSynchronous(host);
    } catch (error) {
      await host.stop().catch(() => undefined);
      throw error;
    }
    return {
      host,
      logger,
      databasePath,
      hubName,
      synchronous,
      place,
      async dispose(): Promise<void> {
        try {
          await host.stop();
        } finally {
          await removeAll();
        }
      },
    };
  } catch (error) {
    await removeAll().catch(() => undefined);
    throw error;
  }
}

/** A fresh place for bench hosts that the caller owns: pass it to several hosts in turn, then remove it. */
export async function newBenchPlace(storage: BenchStorage): Promise<BenchPlace> {
  return { directory: await mkdtemp(join(tmpdir(), 'durable-ts-bench-')), hubName: storage.kind === 'sqlite' ? BENCH_HUB : uniqueBenchHub() };
}

/** Deletes a bench host's hub (PostgreSQL) and its directory; its hosts must be stopped. */
export async function removeBenchPlace(storage: BenchStorage, place: BenchPlace): Promise<void> {
  try {
    if (storage.kind === 'postgres') await deleteBenchHub(storage.postgres, place.hubName);
  } finally {
    await rm(place.directory, { recursive: true, force: true });
  }
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

function readSynchronous(host: DurableHost): string {
  // The host wraps its provider in the payload layer (compression, codecs): read the one inside.
  const storage = host.storage instanceof PayloadStorageProvider ? host.storage.inner : host.storage;
  if (!(storage instanceof SqliteStorageProvider)) return `n/a (${storage.kind})`;
  const value = storage.database().pragma('synchronous', { simple: true });
  return typeof value === 'number' ? (SYNCHRONOUS_NAMES[value] ?? String(value)) : String(value);
}
