import type { TransferCounts, TransferInstance } from '../../storage/transfer/transfer-records';

/**
 * The export stream: NDJSON, one JSON object per line.
 *
 *   {"kind":"header","format":"durable-ts/hub-export","version":1,"hub":…,"source":…,"exportedAt":…,"instances":N}
 *   {"kind":"instance","checksum":"<sha256>","instance":{…TransferInstance…}}   × N, in instance id order
 *   {"kind":"end","instances":N,"counts":{…}}
 *
 * One line per instance (an orchestration or an entity) with all its rows, so a reader needs one
 * instance in memory at a time and an importer writes each in one transaction. The checksum is
 * transferChecksum of the instance: the importer checks it before writing, `verify` compares it
 * with the target. A stream without its end line was cut off.
 */
export const HUB_EXPORT_FORMAT = 'durable-ts/hub-export';
export const HUB_EXPORT_VERSION = 1;

export interface ExportHeader {
  readonly kind: 'header';
  readonly format: typeof HUB_EXPORT_FORMAT;
  readonly version: number;
  /** The hub exported (the importer writes into the hub it is told, this one by default). */
  readonly hub: string;
  /** Where from, for people (never a password). */
  readonly source: string;
  readonly exportedAt: string;
  /** Instances in the hub when the export began (for progress; the end line has the real count). */
  readonly instances: number;
}

export interface ExportInstanceLine {
  readonly kind: 'instance';
  readonly checksum: string;
  readonly instance: TransferInstance;
}

export interface ExportEnd {
  readonly kind: 'end';
  readonly instances: number;
  readonly counts: TransferCounts;
}

export type ExportLine = ExportHeader | ExportInstanceLine | ExportEnd;
