import { Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { HubOperations } from '../hub/hub-operations';
import { openLocalHub } from '../hub/open-local-hub';
import { RemoteHub } from '../hub/remote-hub';

/** The options every hub verb takes: where the hub is, and how to print. */
export interface HubOptions {
  readonly url?: string;
  readonly code?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** Whether a verb may create the hub (only those that start something do); the others refuse a missing hub. */
export type HubAccess = 'create' | 'existing';

/** A verb on a task hub, with the connection and output options. */
export function hubCommand(name: string, summary: string): Command {
  return new Command(name)
    .description(summary)
    .option('--url <url>', 'work on a running server through its HTTP API instead of the local hub (e.g. http://localhost:7071)')
    .option('--code <systemKey>', 'the system key of that server (sent as code=)', undefined)
    .option('--json', 'print JSON with the field names of the HTTP API, for scripts')
    .option('--verbose', 'print the stack trace of an unexpected error');
}

/** Runs `work` on the hub the options name, closing it afterwards. */
export async function withHub<T>(io: CliIo, options: HubOptions, access: HubAccess, work: (hub: HubOperations) => Promise<T>): Promise<T> {
  const code = options.code ?? io.env.DURABLE_SYSTEM_KEY;
  const hub = options.url !== undefined ? new RemoteHub(options.url, code, io.fetch ?? fetch) : await openLocalHub(io, { mustExist: access === 'existing' });
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}

/** The instance id from `--id` or, for the short aliases, the first argument. */
export function instanceIdOf(command: Command, options: { id?: string }, positional: string | undefined): string {
  return options.id ?? positional ?? command.error('error: give the instance id with --id <instanceId>', { exitCode: 2, code: 'durable.missingId' });
}

/** Prints `value` as JSON for `--json`, else the human lines. */
export function print(io: CliIo, options: HubOptions, value: unknown, human: () => readonly string[]): void {
  if (options.json === true) io.out(JSON.stringify(value, null, 2));
  else for (const line of human()) io.out(line);
}
