import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { transferChecksum } from '../../storage/transfer/transfer-checksum';
import type { TransferInstance } from '../../storage/transfer/transfer-records';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { progressBar, type ProgressBar } from '../output/progress-bar';
import { readExport, writeExport } from './export-stream';
import { conflictError, importInstances, type ImportSummary } from './import-instances';
import { storeInstances } from './store-instances';
import { openTransferEndpoint, type StoreSpec, type TransferEndpoint } from './transfer-endpoint';
import { describeVerifyReport, verifyTransfer, type VerifyReport } from './verify-transfer';

export interface TransferRunOptions {
  readonly from?: StoreSpec;
  readonly to?: StoreSpec;
  readonly fromHub?: string;
  readonly toHub?: string;
  readonly in?: string;
  readonly out?: string;
  readonly replace?: boolean;
  readonly verify?: boolean;
}

/** Where a run prints its summary (the command decides stdout or stderr, JSON or lines). */
export interface TransferOutput {
  print(value: unknown, human: () => readonly string[]): void;
}

/** `durable export`: to a file or stdout (--out), or into another store (--to). */
export async function runExport(io: CliIo, options: TransferRunOptions, output: TransferOutput): Promise<void> {
  const source = await openTransferEndpoint(io, options.from, options.fromHub, true);
  try {
    const total = (await source.store.counts()).instances;
    const bar = progressBar(io, 'export', total, 'instances');
    if (options.out !== undefined) {
      const counts = await exportToFile(io, options.out, source, total, counted(storeInstances(source.store), bar));
      bar.finish();
      const where = options.out === '-' ? 'stdout' : options.out;
      output.print({ hub: source.hub, out: where, ...counts }, () => [
        `Exported ${counts.instances} instances (${counts.historyEvents} history events, ${counts.messages} messages, ${counts.activities} activity items) of ${source.store.description} to ${where}.`,
      ]);
      return;
    }
    await withTarget(io, options.to, options.toHub ?? source.hub, source.store.description, async (target) => {
      const summary = await importInstances(storeInstances(source.store), target.store, { replace: options.replace === true, progress: (n) => bar.update(n) });
      bar.finish();
      const report = options.verify === true ? await verifyTransfer(withChecksums(storeInstances(source.store)), target.store) : undefined;
      finishImport(output, summary, report, source.store.description, target.store.description);
    });
  } finally {
    await source.close();
  }
}

/** `durable import`: an export file (or stdin) into a store. */
export async function runImport(io: CliIo, options: TransferRunOptions & { readonly in: string }, output: TransferOutput): Promise<void> {
  if (options.in === '-' && options.verify === true) throw new CliError('EXPORT_INVALID', '--verify reads the export a second time, which stdin cannot give; import from a file to verify.');
  const input = openInput(io, options.in);
  const reader = await readExport(input).catch((error: unknown) => closeInput(input, error));
  await withTarget(io, options.to, options.toHub ?? reader.header.hub, undefined, async (target) => {
    const bar = progressBar(io, 'import', reader.header.instances, 'instances');
    let summary: ImportSummary;
    try {
      summary = await importInstances(mapAsync(reader.lines, (line) => line.instance), target.store, { replace: options.replace === true, progress: (n) => bar.update(n) });
    } finally {
      bar.finish();
    }
    const report = options.verify === true ? await verifyTransfer((await readExport(openInput(io, options.in))).lines, target.store) : undefined;
    finishImport(output, summary, report, options.in, target.store.description);
  }).finally(() => {
    if (input !== (io.stdin ?? process.stdin)) input.destroy();
  });
}

/** `durable verify`: returns whether the target matches the source. */
export async function runVerify(io: CliIo, options: TransferRunOptions, output: TransferOutput): Promise<boolean> {
  if (options.in !== undefined) {
    const reader = await readExport(openInput(io, options.in));
    const bar = progressBar(io, 'verify', reader.header.instances, 'instances');
    return verifyInto(io, options, output, reader.header.hub, options.in, counted(reader.lines, bar), bar);
  }
  const source = await openTransferEndpoint(io, options.from, options.fromHub, true);
  try {
    const bar = progressBar(io, 'verify', (await source.store.counts()).instances, 'instances');
    return await verifyInto(io, options, output, source.hub, source.store.description, counted(withChecksums(storeInstances(source.store)), bar), bar);
  } finally {
    await source.close();
  }
}

async function verifyInto(
  io: CliIo,
  options: TransferRunOptions,
  output: TransferOutput,
  sourceHub: string,
  sourceDescription: string,
  lines: AsyncIterable<{ readonly instance: TransferInstance; readonly checksum: string }>,
  bar: ProgressBar,
): Promise<boolean> {
  const target = await openTransferEndpoint(io, options.to, options.toHub ?? sourceHub, true);
  try {
    if (target.store.description === sourceDescription) throw new CliError('VERIFY_MISMATCH', `the source and the target are the same hub (${sourceDescription}); name the other with --from, --in or --to.`);
    const report = await verifyTransfer(lines, target.store);
    bar.finish();
    output.print(report, () => describeVerifyReport(report, sourceDescription, target.store.description));
    return report.ok;
  } finally {
    await target.close();
  }
}

async function withTarget(io: CliIo, spec: StoreSpec | undefined, hub: string, sourceDescription: string | undefined, work: (target: TransferEndpoint) => Promise<void>): Promise<void> {
  const target = await openTransferEndpoint(io, spec, hub, false);
  try {
    if (target.store.description === sourceDescription) throw new CliError('IMPORT_CONFLICT', `the source and the target are the same hub (${sourceDescription}); name another with --to or --to-hub.`);
    await work(target);
  } finally {
    await target.close();
  }
}

function finishImport(output: TransferOutput, summary: ImportSummary, report: VerifyReport | undefined, source: string, target: string): void {
  output.print({ ...summary, ...(report !== undefined ? { verify: report } : {}) }, () => [
    `Imported ${summary.imported} instances into ${target}; ${summary.identical} were there already (identical), ${summary.replaced} replaced, ${summary.conflicts.length} conflicting.`,
    ...(report !== undefined ? describeVerifyReport(report, source, target) : []),
  ]);
  if (summary.conflicts.length > 0) throw conflictError(summary, target);
  if (report !== undefined && !report.ok) throw new CliError('VERIFY_MISMATCH', 'the target differs from the source (see above).');
}

/** Writes the export to `<file>.partial` and renames it when whole, so a stopped export leaves no file that looks finished. */
async function exportToFile(io: CliIo, out: string, source: TransferEndpoint, total: number, instances: AsyncIterable<TransferInstance>) {
  const header = { hub: source.hub, source: source.store.description, exportedAt: new Date().toISOString(), instances: total };
  if (out === '-') return writeExport(io.stdout ?? process.stdout, header, instances);
  const path = resolve(io.cwd, out);
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  try {
    const counts = await writeExport(stream, header, instances);
    await closeStream(stream);
    renameSync(partial, path);
    return counts;
  } catch (error) {
    stream.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

async function closeStream(stream: Writable): Promise<void> {
  const finished = once(stream, 'finish');
  stream.end();
  await finished;
}

/** Closes a file input that could not be read as an export, then rethrows why. */
function closeInput(input: Readable, error: unknown): never {
  input.destroy();
  throw error;
}

function openInput(io: CliIo, file: string): Readable {
  if (file === '-') return io.stdin ?? process.stdin;
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new CliError('FILE_NOT_FOUND', `no export at ${file}.`);
  return createReadStream(path, { encoding: 'utf8' });
}

async function* counted<T>(items: AsyncIterable<T>, bar: ProgressBar): AsyncGenerator<T> {
  let done = 0;
  for await (const item of items) {
    yield item;
    bar.update(++done);
  }
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield map(item);
}

async function* withChecksums(instances: AsyncIterable<TransferInstance>): AsyncGenerator<{ instance: TransferInstance; checksum: string }> {
  for await (const instance of instances) yield { instance, checksum: transferChecksum(instance) };
}
