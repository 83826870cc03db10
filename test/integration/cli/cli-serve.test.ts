import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli';
import { silentLogger } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { cli } from './cli-harness';

const FUNCTIONS = join(__dirname, 'fixtures', 'serve-functions.ts');

describe('durable serve', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const appDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-serve-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'host.json'), JSON.stringify({ version: '2.0', extensions: { durableTask: { hubName: 'ServeHub' } } }));
    return dir;
  };

  it('hosts the app and its API on the hub host.json names, answers health, and stops on the signal', async () => {
    const dir = appDir();
    const lines: string[] = [];
    const stop = new AbortController();
    const env = { DURABLE_SYSTEM_KEY: 'serve-key' };
    const serving = runCli(['serve', '--port', '0', '--functions', FUNCTIONS], { out: (l) => lines.push(l), err: (l) => lines.push(l), env, cwd: dir, stopSignal: stop.signal, logger: silentLogger });
    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+) for task hub 'ServeHub'/.exec(lines.join('\n'))?.[1], 'serve to listen', 20_000);
    expect(lines.join('\n')).toContain('system key required');
    const health = await fetch(`${url}/runtime/webhooks/durabletask/health?code=serve-key`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ healthy: true, state: 'running' });

    // The served host runs the app: an orchestration started through the API completes.
    const started = await cli(dir, env, ['start-new', '--function-name', 'EchoOrchestrator', '--id', 'served', '--input', '7', '--url', url, '--code', 'serve-key']);
    expect(started.code, started.err).toBe(0);
    await waitFor(async () => {
      const status = await cli(dir, env, ['get-runtime-status', '--id', 'served', '--url', url, '--code', 'serve-key', '--json']);
      return status.code === 0 && (JSON.parse(status.out) as { runtimeStatus: string }).runtimeStatus === 'Completed';
    }, 'the served orchestration to complete', 20_000);
    expect(existsSync(join(dir, '.durable', 'durable.sqlite'))).toBe(true);

    stop.abort();
    expect(await serving).toBe(0);
    expect(lines.at(-1)).toMatch(/^durable serve: stopping/);
    await expect(fetch(`${url}/runtime/webhooks/durabletask/health`)).rejects.toThrow();
  });

  it('refuses to listen beyond loopback without a system key, and needs the app built', async () => {
    const dir = appDir();
    const refused = await cli(dir, {}, ['serve', '--port', '0', '--host', '0.0.0.0', '--functions', FUNCTIONS], { logger: silentLogger });
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^UNAUTHENTICATED_LISTEN: /) });
    expect(await cli(dir, {}, ['serve'])).toMatchObject({ code: 1, err: expect.stringMatching(/^FILE_NOT_FOUND: no dist\/generated\/durable-functions\.js here/) });
    expect(await cli(dir, {}, ['serve', '--port', 'eighty'])).toMatchObject({ code: 2, err: expect.stringContaining('port number') });
    expect(await cli(dir, { PORT: '99999' }, ['serve', '--functions', FUNCTIONS])).toMatchObject({ code: 2, err: expect.stringContaining('PORT="99999"') });
  });
});
