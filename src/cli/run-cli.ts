import { CommanderError } from 'commander';
import { isDurableError } from '../model/errors/durable-error';
import { CliError, RemoteProblemError } from './cli-errors';
import type { CliIo } from './cli-io';
import { buildProgram } from './program';

export type { CliIo } from './cli-io';

/** Exit statuses: 0 done, 1 refused or failed, 2 the command line itself was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Commander outcomes that are not usage errors. */
const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * The `durable` command; returns the exit status. Errors are printed as one line (`CODE:
 * message`), never thrown; a stack trace only for an unexpected error under `--verbose`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const result = { exitCode: EXIT_OK };
  try {
    await buildProgram(io, result).parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (error) {
    return report(error, io, argv.includes('--verbose'));
  }
}

function report(error: unknown, io: CliIo, verbose: boolean): number {
  // Commander has already printed its message (and the help, when asked for).
  if (error instanceof CommanderError) return SUCCESS_CODES.has(error.code) ? EXIT_OK : EXIT_USAGE;
  if (isDurableError(error) || error instanceof CliError || error instanceof RemoteProblemError) {
    io.err(`${error.code}: ${error.message}`);
    return EXIT_FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(verbose && error instanceof Error && error.stack !== undefined ? error.stack : `ERROR: ${message}${verbose ? '' : ' (add --verbose for the stack trace)'}`);
  return EXIT_FAILED;
}
