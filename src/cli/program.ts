import { Command } from 'commander';
import type { CliIo } from './cli-io';
import { cleanEntityStorageCommand, getEntityCommand, listEntitiesCommand, signalEntityCommand } from './commands/entity-commands';
import { instanceOperationCommands, raiseEventCommand, restartCommand, startNewCommand } from './commands/instance-commands';
import { deleteTaskHubCommand, purgeHistoryCommand } from './commands/purge-commands';
import { getHistoryCommand, getInstancesCommand, getRuntimeStatusCommand } from './commands/query-commands';
import { serveCommand } from './commands/serve-command';
import { exportCommand, importCommand, verifyCommand } from './commands/transfer-commands';
import { runToolCommand, type ToolCommand } from './tool-commands';

/**
 * A command that parses its own arguments: commander only routes to it, passing everything after
 * its name through untouched (its `--help` included).
 */
interface PassThroughCommand {
  readonly name: string;
  readonly summary: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

const tool = (name: ToolCommand, summary: string): PassThroughCommand => ({ name, summary, run: (args, io) => runToolCommand(name, args, io) });

/** The app-building commands (codegen/, loaded lazily: they need ts-morph) and replay-check, which parses its own options. */
const PASS_THROUGH_COMMANDS: readonly PassThroughCommand[] = [
  tool('init', 'scaffold an app in the current folder (--esm | --cjs, --force)'),
  tool('codegen', 'write the typed stubs and the registration list (--check, --watch)'),
  tool('check', 'report orchestrator code that is not replay-safe; exit 1 on findings'),
  tool('dev', 'codegen --watch, tsc --watch and node --watch together'),
  {
    name: 'replay-check',
    summary: 'replay stored or exported histories against the current code; exit 1 on any mismatch',
    run: async (args, io) => (await import('./replay-check')).runReplayCheck(args, io),
  },
];

/** The exit status an action leaves for runCli (commander's own errors carry theirs). */
export interface ProgramResult {
  exitCode: number;
}

/** The `durable` command tree: pass-through tool commands, then the verbs of `func durable`. */
export function buildProgram(io: CliIo, result: ProgramResult): Command {
  const program = new Command('durable')
    .description('Build durable-ts apps and operate their task hubs (the local hub of host.json, or a server with --url).')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  for (const command of PASS_THROUGH_COMMANDS) {
    program
      .command(command.name)
      .description(command.summary)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[args...]')
      .action(async function (this: Command) {
        result.exitCode = await command.run(this.args, io);
      });
  }
  const verbs = [
    startNewCommand(io),
    getRuntimeStatusCommand(io),
    getHistoryCommand(io),
    getInstancesCommand(io),
    raiseEventCommand(io),
    ...instanceOperationCommands(io),
    restartCommand(io),
    purgeHistoryCommand(io),
    deleteTaskHubCommand(io),
    signalEntityCommand(io),
    getEntityCommand(io),
    listEntitiesCommand(io),
    cleanEntityStorageCommand(io),
    exportCommand(io),
    importCommand(io),
    verifyCommand(io),
    serveCommand(io),
  ];
  for (const verb of verbs) program.addCommand(verb.exitOverride().configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) }).showHelpAfterError('(add --help for usage)'));
  return program;
}
