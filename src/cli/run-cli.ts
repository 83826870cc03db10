import { parseArgs } from 'node:util';
import { DurableClient } from '../client/durable-client';
import { loadHostConfig } from '../host/config/load-host-config';
import { openStorageProvider } from '../host/open-storage-provider';
import { isDurableError } from '../model/errors/durable-error';
import { systemClock } from '../model/clock';
import { runReplayCheck } from './replay-check';
import { isToolCommand, runToolCommand } from './tool-commands';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const USAGE = `Usage: durable <command> [options]

Building an app (see durable <command> --help):
  init [--esm | --cjs] [--force]                               scaffold an app in the current folder
  codegen [--project] [--include] [--out] [--check | --watch]  write the typed stubs and the registration list
    [--determinism warn]                                       (orchestrator code that is not replay-safe fails it unless warn)
  check [--project] [--include]                                report orchestrator code that is not replay-safe; exit 1 on findings
  dev [--entry dist/main.js]                                   codegen --watch, tsc --watch and node --watch together

Working on the task hub that host.json (and AzureFunctionsJobHost__ variables) in the working
directory name:
  start <orchestrator> [--id <instanceId>] [--input <json>]   queue a new instance; prints its id
  status <instanceId> [--history]                              print the instance's status as JSON
  replay-check [--functions <module>] [--from <file|dir>]      replay stored histories against the current code;
    [--sqlite <path> | --postgres <url> --hub <name>]          exit 1 when any now schedules something different
    [--since <iso>] [--name <orchestrator>]                    (durable replay-check --help)
  help                                                         this text`;

/** The `durable` command; returns the exit code. Errors from the framework are printed, not thrown. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first !== undefined && isToolCommand(first)) return runToolCommand(first, rest, io);
  if (first === 'replay-check') return runReplayCheck(rest, io);
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { id: { type: 'string' }, input: { type: 'string' }, history: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, argument] = positionals;
  if (command === undefined || command === 'help' || values.help === true) {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if ((command !== 'start' && command !== 'status') || argument === undefined) {
    io.out(`Unknown command or missing argument: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const config = loadHostConfig({ env: io.env, cwd: io.cwd });
  const storage = await openStorageProvider(config);
  try {
    const client = new DurableClient(storage, systemClock);
    if (command === 'start') {
      const input = values.input === undefined ? undefined : parseJsonArgument(values.input);
      io.out(await client.startNew(argument, { ...(values.id !== undefined ? { instanceId: values.id } : {}), input }));
      return 0;
    }
    const status = await client.getStatus(argument, { showHistory: values.history === true, showHistoryOutput: values.history === true });
    if (status === undefined) {
      io.out(`No instance with id '${argument}' in hub ${config.hubName}.`);
      return 1;
    }
    io.out(JSON.stringify(status, null, 2));
    return 0;
  } catch (error) {
    if (!isDurableError(error)) throw error;
    io.out(`${error.code}: ${error.message}`);
    return 1;
  } finally {
    await storage.close();
  }
}

function parseJsonArgument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`--input must be JSON (e.g. '"Tokyo"' or '{"n":3}'): ${(error as Error).message}`);
  }
}
