import { Command, InvalidArgumentError } from 'commander';
import { describeStorage } from '../../host/open-storage-provider';
import { createDurableHost } from '../../host/durable-host';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { DEFAULT_FUNCTIONS_MODULE, loadAppFunctions } from './registered-orchestrators';

interface ServeOptions {
  readonly port?: number;
  readonly host?: string;
  readonly functions?: string;
  readonly verbose?: boolean;
}

export const DEFAULT_SERVE_PORT = 7071;

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free one).');
  return port;
}

/**
 * `serve`: runs the app's host on the hub host.json and the environment name, with its HTTP server
 * (the built-in durabletask API, the app's HTTP triggers, and whatever else the host serves), until
 * SIGINT or SIGTERM; then it closes the server and stops the host gracefully. Keys and the other
 * security settings are the host's (DURABLE_SYSTEM_KEY, host.json `extensions.http`): beyond
 * loopback it refuses to listen without a system key.
 */
export function serveCommand(io: CliIo): Command {
  const command = new Command('serve')
    .description("run the app's host and its HTTP API (and dashboard) on the hub host.json names, until Ctrl-C")
    .option('--port <n>', `the port to listen on (default PORT or ${DEFAULT_SERVE_PORT}; 0 picks a free one)`, parsePort)
    .option('--host <address>', 'the address to listen on (default HOST or 127.0.0.1)')
    .option('--functions <module>', `the app's registration list, a compiled JS module exporting durableFunctions (default ${DEFAULT_FUNCTIONS_MODULE})`)
    .option('--verbose', 'print the stack trace of an unexpected error');
  return command.action(async (options: ServeOptions) => {
    const port = options.port ?? portFromEnv(io.env.PORT, (message) => command.error(`error: ${message}`, { exitCode: 2, code: 'durable.badPort' }));
    const listenHost = options.host ?? io.env.HOST ?? '127.0.0.1';
    const functions = await loadAppFunctions(io.cwd, options.functions);
    if (functions === undefined) {
      throw new CliError('FILE_NOT_FOUND', `no ${DEFAULT_FUNCTIONS_MODULE} here: build the app (npm run build) or pass --functions <compiled module exporting durableFunctions>.`);
    }
    const host = await createDurableHost({ functions, env: io.env, cwd: io.cwd, ...(io.logger !== undefined ? { logger: io.logger } : {}) });
    const server = host.createHttpServer();
    try {
      await host.start();
      const url = await server.listen({ port, host: listenHost });
      const keyed = host.config.httpSecurity?.systemKey !== undefined;
      io.out(`durable serve: listening on ${url} for task hub '${host.config.hubName}' (${describeStorage(host.config)}); system key ${keyed ? 'required' : 'off (loopback only)'}`);
      io.out(`  health: ${url}/runtime/webhooks/durabletask/health   dashboard: ${url}/dashboard   Ctrl-C stops`);
      await stopRequested(io);
      io.out('durable serve: stopping (closing the HTTP server, then finishing the work in flight)');
    } finally {
      await server.close();
      await host.stop();
    }
  });
}

function portFromEnv(text: string | undefined, usageError: (message: string) => never): number {
  if (text === undefined || text === '') return DEFAULT_SERVE_PORT;
  try {
    return parsePort(text);
  } catch {
    return usageError(`PORT=${JSON.stringify(text)} is not a port number from 0 to 65535`);
  }
}

/** Resolves on io.stopSignal, else on the process's first SIGINT or SIGTERM. */
function stopRequested(io: CliIo): Promise<void> {
  const signal = io.stopSignal;
  if (signal !== undefined) {
    return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
