import type { Command } from 'commander';
import type { HistoryEventView } from '../../http/history-view';
import type { StatusResponsePayload } from '../../http/status-response';
import { previewValue } from '../../model/value-preview';
import type { RuntimeStatus } from '../../model/runtime-status';
import type { CliIo } from '../cli-io';
import { relativeTime, formatTime } from '../output/relative-time';
import { statusCell, useColour } from '../output/status-colour';
import { formatFields, formatTable, previewCell, type Cell } from '../output/table';
import { hubCommand, instanceIdOf, print, withHub, type HubOptions } from './hub-command';
import { parseDateOption, parseStatusesOption, parseTopOption } from './option-parsers';

const nowOf = (io: CliIo): number => (io.now ?? Date.now)();

/** `get-runtime-status` (alias `status`): one instance's status. */
export function getRuntimeStatusCommand(io: CliIo): Command {
  const command = hubCommand('get-runtime-status', "print an instance's status")
    .alias('status')
    .argument('[instanceId]')
    .option('--id <instanceId>', 'the instance')
    .option('--show-input', 'include the input')
    .option('--show-output', 'include the output (always in --json, as the HTTP API answers)')
    .option('--history', 'include the history (as get-history prints it)');
  return command.action(async (positional: string | undefined, options: HubOptions & { id?: string; showInput?: boolean; showOutput?: boolean; history?: boolean }) => {
    const instanceId = instanceIdOf(command, options, positional);
    const status = await withHub(io, options, 'existing', (hub) => hub.getStatus(instanceId, { showInput: options.showInput === true, showHistory: options.history === true }));
    print(io, options, status, () => {
      const fields: [string, Cell][] = [
        ['Instance', status.instanceId],
        ['Name', status.name],
        ['Status', statusCell(status.runtimeStatus, useColour(io))],
        ['Created', formatTime(status.createdTime, nowOf(io))],
        ['Last updated', formatTime(status.lastUpdatedTime, nowOf(io))],
      ];
      if (status.customStatus !== null) fields.push(['Custom status', JSON.stringify(status.customStatus)]);
      if (options.showInput === true) fields.push(['Input', JSON.stringify(status.input)]);
      if (options.showOutput === true || status.runtimeStatus === 'Failed') fields.push(['Output', JSON.stringify(status.output)]);
      return [...formatFields(fields), ...(status.historyEvents !== null ? ['', ...historyTable(status.historyEvents, io)] : [])];
    });
  });
}

/** `get-history`: an instance's history, as the HTTP API shows it with showHistory. */
export function getHistoryCommand(io: CliIo): Command {
  const command = hubCommand('get-history', "print an instance's history").argument('[instanceId]').option('--id <instanceId>', 'the instance');
  return command.action(async (positional: string | undefined, options: HubOptions & { id?: string }) => {
    const instanceId = instanceIdOf(command, options, positional);
    const history = await withHub(io, options, 'existing', (hub) => hub.getHistory(instanceId));
    print(io, options, history, () => historyTable(history, io));
  });
}

function historyTable(history: readonly HistoryEventView[], io: CliIo): string[] {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const rows = history.map((event) => {
    const detail = event.Result !== undefined ? `result ${previewCell(event.Result, previewValue)}` : event.Reason !== undefined ? `reason ${previewCell(event.Reason, previewValue)}` : text(event.FireAt);
    return [text(event.Timestamp), text(event.EventType), text(event.FunctionName ?? event.Name), statusCell(text(event.OrchestrationStatus), useColour(io)), detail];
  });
  return formatTable(['TIMESTAMP', 'EVENT', 'NAME', 'STATUS', 'DETAIL'], rows);
}

interface GetInstancesOptions extends HubOptions {
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly runtimeStatus?: RuntimeStatus[];
  readonly top?: number;
  readonly continuationToken?: string;
  readonly prefix?: string;
  readonly showInput?: boolean;
}

/** `get-instances`: a page of instances matching the filters, oldest first. */
export function getInstancesCommand(io: CliIo): Command {
  const command = hubCommand('get-instances', 'list instances (a page; --continuation-token gets the next)')
    .option('--created-after <date>', 'created at or after (ISO 8601)', parseDateOption)
    .option('--created-before <date>', 'created at or before (ISO 8601)', parseDateOption)
    .option('--runtime-status <statuses>', 'comma-separated statuses, e.g. Running,Failed', parseStatusesOption)
    .option('--top <n>', 'page size, 1–1000 (default 100)', parseTopOption)
    .option('--continuation-token <token>', 'the token a previous page printed')
    .option('--prefix <text>', 'instance ids that begin with this')
    .option('--show-input', 'include inputs');
  return command.action(async (options: GetInstancesOptions) => {
    const page = await withHub(io, options, 'existing', (hub) =>
      hub.listInstances({
        ...(options.createdAfter !== undefined ? { createdAfter: options.createdAfter } : {}),
        ...(options.createdBefore !== undefined ? { createdBefore: options.createdBefore } : {}),
        ...(options.runtimeStatus !== undefined ? { runtimeStatus: options.runtimeStatus } : {}),
        ...(options.top !== undefined ? { top: options.top } : {}),
        ...(options.continuationToken !== undefined ? { continuationToken: options.continuationToken } : {}),
        ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
        showInput: options.showInput === true,
      }),
    );
    const json = { instances: page.items, ...(page.continuationToken !== undefined ? { continuationToken: page.continuationToken } : {}) };
    print(io, options, json, () => [
      ...instancesTable(page.items, io, options.showInput === true),
      ...(page.continuationToken !== undefined ? ['', `More: --continuation-token ${page.continuationToken}`] : []),
    ]);
  });
}

function instancesTable(instances: readonly StatusResponsePayload[], io: CliIo, showInput: boolean): string[] {
  if (instances.length === 0) return ['No instances match.'];
  const now = nowOf(io);
  const rows = instances.map((status) => [
    status.instanceId,
    status.name,
    statusCell(status.runtimeStatus, useColour(io)),
    relativeTime(Date.parse(status.createdTime), now),
    relativeTime(Date.parse(status.lastUpdatedTime), now),
    ...(showInput ? [previewCell(status.input, previewValue)] : []),
  ]);
  return formatTable(['INSTANCE', 'NAME', 'STATUS', 'CREATED', 'UPDATED', ...(showInput ? ['INPUT'] : [])], rows);
}
