import { Command } from 'commander';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { STORE_SPEC_HELP, parseStoreSpec } from '../transfer/transfer-endpoint';
import { runExport, runImport, runVerify, type TransferOutput, type TransferRunOptions } from '../transfer/transfer-runs';

interface TransferOptions extends TransferRunOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
}

const common = (command: Command): Command =>
  command.option('--json', 'print the summary as JSON, for scripts').option('--verbose', 'print the stack trace of an unexpected error');

const fromOptions = (command: Command): Command =>
  command
    .option('--from <store>', `the source store, ${STORE_SPEC_HELP} (default: the one host.json names)`, parseStoreSpec)
    .option('--from-hub <name>', 'the source task hub (default: the one host.json names)');

const toOptions = (command: Command, defaultHub: string): Command =>
  command
    .option('--to <store>', `the target store, ${STORE_SPEC_HELP} (default: the one host.json names)`, parseStoreSpec)
    .option('--to-hub <name>', `the target task hub (default: ${defaultHub})`);

/** Prints the summary: JSON for --json, else the human lines; on stderr when stdout carries the export. */
function output(io: CliIo, options: TransferOptions): TransferOutput {
  const toStderr = options.out === '-';
  return {
    print: (value, human) => {
      if (options.json === true) (toStderr ? io.err : io.out)(JSON.stringify(value, null, 2));
      else for (const line of human()) (toStderr ? io.err : io.out)(line);
    },
  };
}

/** `export`: a hub to an NDJSON file (or stdout), or straight into another store with --to. */
export function exportCommand(io: CliIo): Command {
  const command = toOptions(fromOptions(common(new Command('export'))), 'the source hub')
    .description('export a whole hub (instances with history, state, pending messages, timers and activity work; entities) to a file, or copy it into another store with --to')
    .option('--out <file>', "write the export to this file ('-' for stdout)")
    .option('--replace', 'with --to: overwrite target instances that differ instead of refusing them')
    .option('--verify', 'with --to: afterwards, compare every instance and the totals of both hubs');
  return command.action(async (options: TransferOptions) => {
    if ((options.out === undefined) === (options.to === undefined)) command.error('error: give either --out <file> or --to <store>', { exitCode: 2, code: 'durable.transferTarget' });
    if (options.out !== undefined && (options.replace === true || options.verify === true || options.toHub !== undefined)) {
      command.error('error: --replace, --verify and --to-hub go with --to, not --out', { exitCode: 2, code: 'durable.conflictingOptions' });
    }
    await runExport(io, options, output(io, options));
  });
}

/** `import`: an export file (or stdin) into a store, resumable. */
export function importCommand(io: CliIo): Command {
  const command = toOptions(common(new Command('import')), "the export's hub")
    .description('import an export into a store, one transaction per instance; a rerun skips what is already there')
    .requiredOption('--in <file>', "the export to read ('-' for stdin)")
    .option('--replace', 'overwrite target instances that differ instead of refusing them')
    .option('--verify', 'afterwards, compare every instance and the totals with the export');
  return command.action(async (options: TransferOptions & { in: string }) => {
    await runImport(io, options, output(io, options));
  });
}

/** `verify`: compares a source (hub or export file) with a target hub: counts and per-instance checksums. */
export function verifyCommand(io: CliIo): Command {
  const command = toOptions(fromOptions(common(new Command('verify'))), 'the source hub')
    .description('compare a hub or an export (--in) with a target hub: row totals and a checksum per instance; exit 1 on any difference')
    .option('--in <file>', 'an export file as the source, instead of a hub');
  return command.action(async (options: TransferOptions) => {
    if (options.in !== undefined && (options.from !== undefined || options.fromHub !== undefined)) {
      command.error('error: give either --in <file> or --from/--from-hub as the source', { exitCode: 2, code: 'durable.conflictingOptions' });
    }
    if (options.in === undefined && options.from === undefined && options.to === undefined) {
      command.error('error: name the source (--from or --in) or the target (--to): host.json names only one store', { exitCode: 2, code: 'durable.transferTarget' });
    }
    const ok = await runVerify(io, options, output(io, options));
    if (!ok) throw new CliError('VERIFY_MISMATCH', 'the target differs from the source (see above).');
  });
}
