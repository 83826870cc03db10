import type { Command } from 'commander';
import { previewValue } from '../../model/value-preview';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { relativeTime } from '../output/relative-time';
import { formatTable, previewCell } from '../output/table';
import { hubCommand, print, withHub, type HubOptions } from './hub-command';
import { parseJsonOption, parseTopOption } from './option-parsers';

interface EntityOptions extends HubOptions {
  readonly entityName: string;
  readonly entityKey: string;
}

const withEntityId = (command: Command): Command =>
  command.requiredOption('--entity-name <name>', 'the entity name (any case)').requiredOption('--entity-key <key>', 'the entity key');

/** `signal-entity`: queues an operation for an entity (created by its first operation). */
export function signalEntityCommand(io: CliIo): Command {
  const command = withEntityId(hubCommand('signal-entity', 'queue an operation for an entity'))
    .requiredOption('--operation <name>', 'the operation')
    .option('--input <json>', 'the operation input, as JSON', parseJsonOption);
  return command.action(async (options: EntityOptions & { operation: string; input?: unknown }) => {
    await withHub(io, options, 'create', (hub) => hub.signalEntity(options.entityName, options.entityKey, options.operation, options.input));
    print(io, options, { entityId: { name: options.entityName.toLowerCase(), key: options.entityKey }, operation: options.operation }, () => [
      `Signaled '${options.operation}' to @${options.entityName.toLowerCase()}@${options.entityKey}.`,
    ]);
  });
}

/** `get-entity`: an entity's state (the body `GET …/entities/{name}/{key}` answers). */
export function getEntityCommand(io: CliIo): Command {
  const command = withEntityId(hubCommand('get-entity', "print an entity's state"));
  return command.action(async (options: EntityOptions) => {
    const entity = await withHub(io, options, 'existing', (hub) => hub.getEntity(options.entityName, options.entityKey));
    const id = `@${options.entityName.toLowerCase()}@${options.entityKey}`;
    if (!entity.exists) throw new CliError('ENTITY_NOT_FOUND', `The entity '${id}' does not exist (it has no state).`);
    print(io, options, entity.state, () => [JSON.stringify(entity.state, null, 2)]);
  });
}

/** `list-entities`: a page of entities with their last operation time and a preview of their state. */
export function listEntitiesCommand(io: CliIo): Command {
  const command = hubCommand('list-entities', 'list entities (a page; --continuation-token gets the next)')
    .option('--entity-name <name>', 'only entities of this name')
    .option('--top <n>', 'page size, 1–1000 (default 100)', parseTopOption)
    .option('--continuation-token <token>', 'the token a previous page printed');
  return command.action(async (options: HubOptions & { entityName?: string; top?: number; continuationToken?: string }) => {
    const page = await withHub(io, options, 'existing', (hub) =>
      hub.listEntities({
        ...(options.entityName !== undefined ? { entityName: options.entityName } : {}),
        ...(options.top !== undefined ? { top: options.top } : {}),
        ...(options.continuationToken !== undefined ? { continuationToken: options.continuationToken } : {}),
      }),
    );
    const now = (io.now ?? Date.now)();
    print(io, options, { entities: page.items, ...(page.continuationToken !== undefined ? { continuationToken: page.continuationToken } : {}) }, () => [
      ...(page.items.length === 0
        ? ['No entities.']
        : formatTable(
            ['NAME', 'KEY', 'LAST OPERATION', 'STATE'],
            page.items.map((entity) => [entity.entityId.name, entity.entityId.key, relativeTime(Date.parse(entity.lastOperationTime), now), previewCell(entity.state, previewValue)]),
          )),
      ...(page.continuationToken !== undefined ? ['', `More: --continuation-token ${page.continuationToken}`] : []),
    ]);
  });
}

/** `clean-entity-storage`: removes empty entities and releases locks held by instances that are gone. */
export function cleanEntityStorageCommand(io: CliIo): Command {
  const command = hubCommand('clean-entity-storage', 'remove empty entities and release orphaned locks');
  return command.action(async (options: HubOptions) => {
    const result = await withHub(io, options, 'existing', (hub) => hub.cleanEntityStorage());
    print(io, options, result, () => [`Removed ${result.numberOfEmptyEntitiesRemoved} empty entities, released ${result.numberOfOrphanedLocksRemoved} orphaned locks.`]);
  });
}
