import type { Command } from 'commander';
import type { RuntimeStatus } from '../../model/runtime-status';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { hubCommand, print, withHub, type HubOptions } from './hub-command';
import { parseDateOption, parseStatusesOption } from './option-parsers';

interface PurgeOptions extends HubOptions {
  readonly id?: string;
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly runtimeStatus?: RuntimeStatus[];
}

/** `purge-history`: deletes finished instances and their history, one by id or every match of a filter. */
export function purgeHistoryCommand(io: CliIo): Command {
  const command = hubCommand('purge-history', 'delete finished instances and their history: one (--id) or all that match the filters')
    .option('--id <instanceId>', 'purge this instance only')
    .option('--created-after <date>', 'created at or after (ISO 8601)', parseDateOption)
    .option('--created-before <date>', 'created at or before (ISO 8601)', parseDateOption)
    .option('--runtime-status <statuses>', 'comma-separated finished statuses (default: Completed,Failed,Terminated)', parseStatusesOption);
  return command.action(async (options: PurgeOptions) => {
    const byFilter = options.createdAfter !== undefined || options.createdBefore !== undefined || options.runtimeStatus !== undefined;
    if (options.id !== undefined && byFilter) command.error('error: give either --id or filters, not both', { exitCode: 2, code: 'durable.conflictingOptions' });
    const instancesDeleted = await withHub(io, options, 'existing', (hub) =>
      options.id !== undefined
        ? hub.purgeInstance(options.id)
        : hub.purgeBy(
            {
              ...(options.createdAfter !== undefined ? { createdAfter: options.createdAfter } : {}),
              ...(options.createdBefore !== undefined ? { createdBefore: options.createdBefore } : {}),
              ...(options.runtimeStatus !== undefined ? { runtimeStatus: options.runtimeStatus } : {}),
            },
            (purged) => io.err(`purge-history: ${purged} instances purged so far…`),
          ),
    );
    print(io, options, { instancesDeleted }, () => [`Purged ${instancesDeleted} instance${instancesDeleted === 1 ? '' : 's'}.`]);
  });
}

/** `delete-task-hub`: removes every instance, entity and message of the hub; asks first unless `--yes`. */
export function deleteTaskHubCommand(io: CliIo): Command {
  const command = hubCommand('delete-task-hub', 'delete the whole task hub: every instance, history, entity and queued message').option('--yes', 'do not ask for confirmation');
  return command.action(async (options: HubOptions & { yes?: boolean }) => {
    const description = await withHub(io, options, 'existing', async (hub) => {
      if (options.yes !== true) await confirmDeletion(io, hub.description);
      await hub.deleteTaskHub();
      return hub.description;
    });
    print(io, options, { deleted: true }, () => [`Deleted ${description}.`]);
  });
}

async function confirmDeletion(io: CliIo, description: string): Promise<void> {
  if (io.confirm === undefined) {
    throw new CliError('CONFIRMATION_REQUIRED', `delete-task-hub deletes everything in ${description}; there is no terminal to ask, so pass --yes to confirm.`);
  }
  if (!(await io.confirm(`Delete everything in ${description}? This cannot be undone. [y/N] `))) {
    throw new CliError('CONFIRMATION_REQUIRED', 'Not confirmed; nothing was deleted.');
  }
}
