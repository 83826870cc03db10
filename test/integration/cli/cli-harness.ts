import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runCli } from '../../../src/cli/run-cli';
import type { CliIo } from '../../../src/cli/cli-io';
import { createHttpServer } from '../../../src/http/http-server';
import { hubAdministration } from '../../../src/host/hub-administration';
import { Ledger } from '../entities/fixtures';
import { httpTestFunctions } from '../http/http-fixtures';
import { createTestHost, silentLogger, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';

export const SYSTEM_KEY = 'cli-test-key';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A started host with an HTTP server (system key set) on one hub, and the CLI pointed at it. */
export interface CliHarness {
  readonly host: TestHost;
  readonly url: string;
  /** The CLI in the host's folder, on the hub host.json names. */
  local(...args: string[]): Promise<CliRun>;
  /** The CLI against the server (`--url --code`), from an empty folder. */
  remote(...args: string[]): Promise<CliRun>;
  /** `GET` on the built-in API, as JSON. */
  api(path: string, query?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  /** The local `--json` answer, parsed (fails the test on a non-zero exit). */
  json(...args: string[]): Promise<unknown>;
  waitForStatus(instanceId: string, status: string): Promise<void>;
  stop(): Promise<void>;
}

/** Runs the CLI in-process with captured output. */
export async function cli(cwd: string, env: Record<string, string | undefined>, args: readonly string[], extra: Partial<CliIo> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd, ...extra });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export async function startCliHarness(durableTask: Record<string, unknown>, emptyDir: string): Promise<CliHarness> {
  const host = await createTestHost([...httpTestFunctions, Ledger], durableTask);
  writeFileSync(join(host.dir, 'host.json'), JSON.stringify({ version: '2.0', extensions: { durableTask: { hubName: 'TestHub', storageProvider: { type: 'sqlite', path: host.dbPath }, ...durableTask } } }));
  await host.host.start();
  const server: FastifyInstance = createHttpServer({
    client: host.host.client,
    config: { routePrefix: 'api', systemKey: SYSTEM_KEY },
    entities: host.host.registry,
    logger: silentLogger,
    administration: hubAdministration(host.host.storage),
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const local = (...args: string[]) => cli(host.dir, {}, args);
  const harness: CliHarness = {
    host,
    url,
    local,
    remote: (...args) => cli(emptyDir, {}, [...args, '--url', url, '--code', SYSTEM_KEY]),
    api: async (path, query = {}) => {
      const target = new URL(`${url}/runtime/webhooks/durabletask${path}`);
      for (const [name, value] of Object.entries({ ...query, code: SYSTEM_KEY })) target.searchParams.set(name, value);
      const response = await fetch(target);
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
    },
    json: async (...args) => {
      const run = await local(...args, '--json');
      if (run.code !== 0) throw new Error(`durable ${args.join(' ')} exited ${run.code}: ${run.err}`);
      return JSON.parse(run.out) as unknown;
    },
    waitForStatus: async (instanceId, status) => {
      await waitFor(async () => ((await host.host.client.getStatus(instanceId))?.runtimeStatus === status ? true : undefined), `${instanceId} to be ${status}`, 20_000);
    },
    stop: async () => {
      await server.close();
      await host.stop();
    },
  };
  return harness;
}
