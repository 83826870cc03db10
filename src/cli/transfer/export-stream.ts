import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { transferChecksum } from '../../storage/transfer/transfer-checksum';
import type { TransferCounts, TransferInstance } from '../../storage/transfer/transfer-records';
import { CliError } from '../cli-errors';
import { HUB_EXPORT_FORMAT, HUB_EXPORT_VERSION, type ExportHeader, type ExportInstanceLine } from './hub-export-format';
import { parseBodyLine, parseHeader } from './parse-export-line';

/** An export being read: its header, then its instances one at a time (checked line by line). */
export interface ExportReader {
  readonly header: ExportHeader;
  /** Each instance with the checksum its line carries; throws EXPORT_INCOMPLETE at the end of a stream that has no end line. */
  readonly lines: AsyncIterable<ExportInstanceLine>;
}

/** Reads an export from `input` line by line: one instance in memory at a time, whatever the file size. */
export async function readExport(input: Readable): Promise<ExportReader> {
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) throw new CliError('EXPORT_INVALID', 'the export is empty: expected the header line of a durable-ts hub export.');
  const header = parseHeader(first.value, 1);
  async function* body(): AsyncGenerator<ExportInstanceLine> {
    let lineNumber = 1;
    let instances = 0;
    for (;;) {
      const next = await lines.next();
      lineNumber++;
      if (next.done === true) {
        throw new CliError('EXPORT_INCOMPLETE', `the export ends after ${instances} instances without its end line: it was cut off (the instances before were read whole).`);
      }
      if (next.value.trim() === '') continue;
      const line = parseBodyLine(next.value, lineNumber);
      if (line.kind === 'end') {
        if (line.instances !== instances) throw new CliError('EXPORT_INVALID', `the end line counts ${line.instances} instances, the export has ${instances}.`);
        return;
      }
      instances++;
      yield line;
    }
  }
  return { header, lines: body() };
}

/** Writes an export to `output`, waiting for the stream to drain so memory stays bounded. */
export async function writeExport(
  output: Writable,
  header: Omit<ExportHeader, 'kind' | 'format' | 'version'>,
  instances: AsyncIterable<TransferInstance>,
): Promise<TransferCounts> {
  const write = async (value: unknown): Promise<void> => {
    if (!output.write(JSON.stringify(value) + '\n')) await once(output, 'drain');
  };
  await write({ kind: 'header', format: HUB_EXPORT_FORMAT, version: HUB_EXPORT_VERSION, ...header });
  const counts = { instances: 0, historyEvents: 0, messages: 0, activities: 0 };
  for await (const instance of instances) {
    await write({ kind: 'instance', checksum: transferChecksum(instance), instance });
    addCounts(counts, instance);
  }
  await write({ kind: 'end', instances: counts.instances, counts });
  return counts;
}

export function addCounts(counts: { instances: number; historyEvents: number; messages: number; activities: number }, instance: TransferInstance): void {
  counts.instances++;
  counts.historyEvents += instance.history.length;
  counts.messages += instance.messages.length;
  counts.activities += instance.activities.length;
}
