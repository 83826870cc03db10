import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadHostConfig } from '../host/config/load-host-config';
import { openStorageProvider } from '../host/open-storage-provider';
import { fileHistories, storedHistories } from '../host/replay-check/history-sources';
import { replayCheck, type ReplayCheckReport } from '../host/replay-check/replay-check';
import { isDurableError } from '../model/errors/durable-error';
import type { Constructor } from '../registry/function-registration';
import type { StorageProvider } from '../storage/storage-provider';

export interface ReplayCheckIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Loads the app's classes from `--functions`; the default requires the module (CJS or ESM). */
  readonly loadFunctions?: (path: string) => readonly Constructor[];
}

/** The compiled module of generated registrations that `--functions` defaults to. */
export const DEFAULT_FUNCTIONS_MODULE = 'dist/generated/durable-functions.js';

export const REPLAY_CHECK_USAGE = `Usage: durable replay-check [--functions <module>] [source] [filters]

Replays stored orchestration histories against the current code; lists every instance whose code
now schedules something different. Exit code: 0 clean, 1 mismatches, 2 usage error.

  --functions <module>  compiled JS module exporting durableFunctions (default ${DEFAULT_FUNCTIONS_MODULE})
Source (default: the task hub that host.json and AzureFunctionsJobHost__ variables name):
  --sqlite <path>       a SQLite database file
  --postgres <url>      a PostgreSQL database
  --hub <name>          the task hub in it (with --sqlite or --postgres; default DurableTsHub)
  --from <file|dir>     exported histories (${'durable-ts/history@1'} JSON; every *.json in a folder)
Filters (hub sources):
  --since <iso time>    only instances updated at or after this time
  --name <orchestrator> only instances of this orchestrator`;

class UsageError extends Error {}

/** `durable replay-check`: returns 0 when every history replays cleanly, 1 on mismatches, 2 on bad usage. */
export async function runReplayCheck(args: readonly string[], io: ReplayCheckIo): Promise<number> {
  try {
    const options = parseOptions(args);
    if (options.help) {
      io.out(REPLAY_CHECK_USAGE);
      return 0;
    }
    const functions = (io.loadFunctions ?? requireFunctions)(resolveFunctionsModule(options.functions, io.cwd));
    if (options.from !== undefined) return report(await replayCheck({ functions, histories: fileHistories(resolve(io.cwd, options.from)) }), io);
    const storage = await openSource(options, io);
    try {
      const filter = { ...(options.since !== undefined ? { since: options.since } : {}), ...(options.name !== undefined ? { name: options.name } : {}) };
      return report(await replayCheck({ functions, histories: storedHistories(storage, filter) }), io);
    } finally {
      await storage.close();
    }
  } catch (error) {
    if (error instanceof UsageError || (isDurableError(error) && (error.code === 'INVALID_ARGUMENT' || error.code === 'CONFIGURATION_INVALID'))) {
      io.err(`durable replay-check: ${error.message}`);
      if (error instanceof UsageError) io.err(`\n${REPLAY_CHECK_USAGE}`);
      return 2;
    }
    throw error;
  }
}

interface Options {
  readonly help: boolean;
  readonly functions: string | undefined;
  readonly sqlite: string | undefined;
  readonly postgres: string | undefined;
  readonly hub: string | undefined;
  readonly from: string | undefined;
  readonly since: Date | undefined;
  readonly name: string | undefined;
}

function parseOptions(args: readonly string[]): Options {
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        functions: { type: 'string' },
        sqlite: { type: 'string' },
        postgres: { type: 'string' },
        hub: { type: 'string' },
        from: { type: 'string' },
        since: { type: 'string' },
        name: { type: 'string' },
      },
    });
    values = parsed.values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const sources = ['sqlite', 'postgres', 'from'].filter((key) => text(key) !== undefined);
  if (sources.length > 1) throw new UsageError(`give one source, not ${sources.map((s) => `--${s}`).join(' and ')}`);
  if (text('hub') !== undefined && text('sqlite') === undefined && text('postgres') === undefined) throw new UsageError('--hub goes with --sqlite or --postgres');
  if (text('from') !== undefined && (text('since') !== undefined || text('name') !== undefined)) throw new UsageError('--since and --name filter a hub, not --from files');
  const sinceText = text('since');
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (since !== undefined && Number.isNaN(since.getTime())) throw new UsageError(`--since must be an ISO 8601 time such as 2025-01-31T00:00:00Z, not ${JSON.stringify(sinceText)}`);
  return { help: values['help'] === true, functions: text('functions'), sqlite: text('sqlite'), postgres: text('postgres'), hub: text('hub'), from: text('from'), since, name: text('name') };
}

function resolveFunctionsModule(given: string | undefined, cwd: string): string {
  const path = resolve(cwd, given ?? DEFAULT_FUNCTIONS_MODULE);
  if (!existsSync(path)) {
    throw new UsageError(
      given === undefined
        ? `no ${DEFAULT_FUNCTIONS_MODULE} here: build the app (npm run build) or pass --functions <compiled module exporting durableFunctions>`
        : `--functions ${given}: no such file`,
    );
  }
  return path;
}

function requireFunctions(path: string): readonly Constructor[] {
  // require() loads CommonJS and, on the Node versions this package supports, ES modules too.
  const loaded = createRequire(path)(path) as { durableFunctions?: unknown };
  if (!Array.isArray(loaded.durableFunctions)) throw new UsageError(`${path} does not export durableFunctions (the array codegen generates)`);
  return loaded.durableFunctions as readonly Constructor[];
}

async function openSource(options: Options, io: ReplayCheckIo): Promise<StorageProvider> {
  if (options.sqlite !== undefined && !existsSync(resolve(io.cwd, options.sqlite))) throw new UsageError(`--sqlite ${options.sqlite}: no such file`);
  const storageProvider =
    options.sqlite !== undefined
      ? { type: 'sqlite', path: resolve(io.cwd, options.sqlite) }
      : options.postgres !== undefined
        ? { type: 'postgres', connectionString: options.postgres }
        : undefined;
  const hostJson =
    storageProvider === undefined ? undefined : { version: '2.0', extensions: { durableTask: { storageProvider, ...(options.hub !== undefined ? { hubName: options.hub } : {}) } } };
  const config = loadHostConfig({ env: io.env, cwd: io.cwd, ...(hostJson !== undefined ? { hostJson } : {}) });
  return openStorageProvider(config);
}

function report(result: ReplayCheckReport, io: ReplayCheckIo): number {
  for (const m of result.mismatches) io.out(`MISMATCH ${m.instanceId} (${m.name}) at step ${m.step}: history recorded ${m.recorded}; the code now ${m.actual}`);
  for (const s of result.skipped) io.out(`SKIPPED ${s.instanceId} (${s.name}): ${s.reason}`);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 'es'.slice(word.endsWith('h') ? 0 : 1)}`;
  io.out(`replay-check: ${plural(result.checked, 'instance')} replayed, ${plural(result.mismatches.length, 'mismatch')}, ${result.skipped.length} skipped`);
  return result.mismatches.length > 0 ? 1 : 0;
}
