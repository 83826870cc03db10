import { transferChecksum } from '../../storage/transfer/transfer-checksum';
import type { TransferActivity, TransferInstance, TransferMessage } from '../../storage/transfer/transfer-records';
import { CliError } from '../cli-errors';
import { HUB_EXPORT_FORMAT, HUB_EXPORT_VERSION, type ExportEnd, type ExportHeader, type ExportInstanceLine } from './hub-export-format';

type Json = Record<string, unknown>;

/** A line of an export that is not what the format says; names the line and the field. */
function invalid(lineNumber: number, problem: string): CliError {
  return new CliError('EXPORT_INVALID', `line ${lineNumber} of the export: ${problem}. Nothing of that line was written.`);
}

export function parseHeader(text: string, lineNumber: number): ExportHeader {
  const line = parseObject(text, lineNumber);
  if (line.kind !== 'header' || line.format !== HUB_EXPORT_FORMAT) throw invalid(lineNumber, `expected the ${HUB_EXPORT_FORMAT} header line; this is not a durable-ts hub export`);
  if (typeof line.version !== 'number' || line.version > HUB_EXPORT_VERSION) {
    throw invalid(lineNumber, `format version ${String(line.version)} is newer than the ${HUB_EXPORT_VERSION} this version of durable-ts reads; upgrade durable-ts`);
  }
  return {
    kind: 'header',
    format: HUB_EXPORT_FORMAT,
    version: line.version,
    hub: text_(line, 'hub', lineNumber),
    source: text_(line, 'source', lineNumber),
    exportedAt: text_(line, 'exportedAt', lineNumber),
    instances: int(line, 'instances', lineNumber),
  };
}

/** An instance line (checked against its checksum) or the end line. */
export function parseBodyLine(text: string, lineNumber: number): ExportInstanceLine | ExportEnd {
  const line = parseObject(text, lineNumber);
  if (line.kind === 'end') {
    const counts = object(line, 'counts', lineNumber);
    return {
      kind: 'end',
      instances: int(line, 'instances', lineNumber),
      counts: {
        instances: int(counts, 'instances', lineNumber),
        historyEvents: int(counts, 'historyEvents', lineNumber),
        messages: int(counts, 'messages', lineNumber),
        activities: int(counts, 'activities', lineNumber),
      },
    };
  }
  if (line.kind !== 'instance') throw invalid(lineNumber, `expected an instance or the end line, not kind ${JSON.stringify(line.kind)}`);
  const instance = parseInstance(object(line, 'instance', lineNumber), lineNumber);
  const checksum = text_(line, 'checksum', lineNumber);
  if (transferChecksum(instance) !== checksum) throw invalid(lineNumber, `instance '${instance.instanceId}' does not match its checksum (the file was changed or damaged)`);
  return { kind: 'instance', checksum, instance };
}

function parseInstance(o: Json, n: number): TransferInstance {
  const history = array(o, 'history', n).map((event, i) => {
    if (typeof event !== 'string') throw invalid(n, `history[${i}] must be the event's JSON text`);
    return event;
  });
  const messages = array(o, 'messages', n).map((m, i): TransferMessage => {
    const message = asObject(m, n, `messages[${i}]`);
    return { event: text_(message, 'event', n), visibleAt: int(message, 'visibleAt', n), dequeueCount: int(message, 'dequeueCount', n) };
  });
  const activities = array(o, 'activities', n).map((a, i): TransferActivity => {
    const activity = asObject(a, n, `activities[${i}]`);
    return {
      executionId: text_(activity, 'executionId', n),
      taskId: int(activity, 'taskId', n),
      name: text_(activity, 'name', n),
      input: nullableText(activity, 'input', n),
      visibleAt: int(activity, 'visibleAt', n),
      dequeueCount: int(activity, 'dequeueCount', n),
    };
  });
  return {
    instanceId: text_(o, 'instanceId', n),
    executionId: text_(o, 'executionId', n),
    name: text_(o, 'name', n),
    version: nullableText(o, 'version', n),
    runtimeStatus: text_(o, 'runtimeStatus', n),
    input: nullableText(o, 'input', n),
    output: nullableText(o, 'output', n),
    failureDetails: nullableText(o, 'failureDetails', n),
    customStatus: nullableText(o, 'customStatus', n),
    entityState: nullableText(o, 'entityState', n),
    createdAt: int(o, 'createdAt', n),
    lastUpdatedAt: int(o, 'lastUpdatedAt', n),
    completedAt: o.completedAt === null ? null : int(o, 'completedAt', n),
    historyLength: int(o, 'historyLength', n),
    history,
    messages,
    activities,
  };
}

function parseObject(text: string, n: number): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(n, `not JSON (${(error as Error).message})`);
  }
  return asObject(value, n, 'the line');
}

function asObject(value: unknown, n: number, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(n, `${what} must be a JSON object`);
  return value as Json;
}

function object(o: Json, key: string, n: number): Json {
  return asObject(o[key], n, key);
}

function array(o: Json, key: string, n: number): unknown[] {
  const value = o[key];
  if (!Array.isArray(value)) throw invalid(n, `${key} must be an array`);
  return value;
}

function text_(o: Json, key: string, n: number): string {
  const value = o[key];
  if (typeof value !== 'string') throw invalid(n, `${key} must be a string`);
  return value;
}

function nullableText(o: Json, key: string, n: number): string | null {
  return o[key] === null ? null : text_(o, key, n);
}

function int(o: Json, key: string, n: number): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(n, `${key} must be a whole number`);
  return value;
}
