import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { InstanceOperation } from '../hub/hub-operations';
import { hubCommand, instanceIdOf, print, withHub, type HubOptions } from './hub-command';
import { parseJsonOption } from './option-parsers';
import { registeredOrchestrators } from './registered-orchestrators';

interface StartOptions extends HubOptions {
  readonly functionName?: string;
  readonly input?: unknown;
  readonly id?: string;
  readonly version?: string;
  readonly functions?: string;
}

/** `start-new` (alias `start`): queues a new instance and prints its id. */
export function startNewCommand(io: CliIo): Command {
  const command = hubCommand('start-new', 'queue a new orchestration instance; prints its id')
    .alias('start')
    .argument('[functionName]', 'the orchestrator (or use --function-name)')
    .option('--function-name <name>', 'the orchestrator to start')
    .option('--input <json>', 'the input, as JSON', parseJsonOption)
    .option('--id <instanceId>', 'the instance id (default: a new random id)')
    .option('--version <version>', 'the orchestration version')
    .option('--functions <module>', 'the app\'s registration list, to warn about names it does not register (default: dist/generated/durable-functions.js when present)');
  return command.action(async (positional: string | undefined, options: StartOptions) => {
    const name = options.functionName ?? positional ?? command.error('error: give the orchestrator with --function-name <name>', { exitCode: 2, code: 'durable.missingFunctionName' });
    if (options.url === undefined) await warnIfUnregistered(io, name, options.functions);
    const id = await withHub(io, options, 'create', (hub) =>
      hub.startNew({
        name,
        ...(options.input !== undefined ? { input: options.input } : {}),
        ...(options.id !== undefined ? { instanceId: options.id } : {}),
        ...(options.version !== undefined ? { version: options.version } : {}),
      }),
    );
    print(io, options, { id }, () => [id]);
  });
}

async function warnIfUnregistered(io: CliIo, name: string, functionsModule: string | undefined): Promise<void> {
  const names = await registeredOrchestrators(io.cwd, functionsModule);
  if (names === undefined || names.some((known) => known.toLowerCase() === name.toLowerCase())) return;
  io.err(`warning: the app registers no orchestrator named '${name}' (registered: ${names.join(', ') || 'none'}); the instance is queued, and fails when a worker picks it up.`);
}

/** `raise-event`: sends an event to a running instance. */
export function raiseEventCommand(io: CliIo): Command {
  const command = hubCommand('raise-event', 'send an event to a running instance')
    .requiredOption('--id <instanceId>', 'the instance')
    .requiredOption('--event-name <name>', 'the event name')
    .option('--event-data <json>', 'the event data, as JSON', parseJsonOption);
  return command.action(async (options: HubOptions & { id: string; eventName: string; eventData?: unknown }) => {
    await withHub(io, options, 'existing', (hub) => hub.raiseEvent(options.id, options.eventName, options.eventData));
    print(io, options, { instanceId: options.id, eventName: options.eventName }, () => [`Raised event '${options.eventName}' to '${options.id}'.`]);
  });
}

const OPERATIONS: Readonly<Record<InstanceOperation, { summary: string; done: string }>> = {
  terminate: { summary: 'end a running instance as Terminated', done: 'Terminating' },
  suspend: { summary: 'pause a running instance (events are held until resume)', done: 'Suspending' },
  resume: { summary: 'resume a suspended instance', done: 'Resuming' },
  rewind: { summary: 'rewind a Failed instance: its failed work runs again', done: 'Rewinding' },
};

/** `terminate`, `suspend`, `resume`, `rewind`: each with `--id` and an optional `--reason`. */
export function instanceOperationCommands(io: CliIo): Command[] {
  return (Object.keys(OPERATIONS) as InstanceOperation[]).map((operation) => {
    const command = hubCommand(operation, OPERATIONS[operation].summary)
      .argument('[instanceId]')
      .option('--id <instanceId>', 'the instance')
      .option('--reason <text>', 'why (recorded in the history)');
    return command.action(async (positional: string | undefined, options: HubOptions & { id?: string; reason?: string }) => {
      const instanceId = instanceIdOf(command, options, positional);
      await withHub(io, options, 'existing', (hub) => hub.operate(operation, instanceId, options.reason));
      print(io, options, { instanceId, operation }, () => [`${OPERATIONS[operation].done} '${instanceId}' (a worker applies it).`]);
    });
  });
}

/** `restart`: starts an instance's orchestration again with its original input. */
export function restartCommand(io: CliIo): Command {
  const command = hubCommand('restart', 'start an instance again with its original input; prints the new id')
    .argument('[instanceId]')
    .option('--id <instanceId>', 'the instance')
    .option('--same-id', 'reuse the instance id (the instance must have finished)');
  return command.action(async (positional: string | undefined, options: HubOptions & { id?: string; sameId?: boolean }) => {
    const instanceId = instanceIdOf(command, options, positional);
    const id = await withHub(io, options, 'existing', (hub) => hub.restart(instanceId, options.sameId !== true));
    print(io, options, { id }, () => [id]);
  });
}
