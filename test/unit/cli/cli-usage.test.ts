import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../integration/cli/cli-harness';
import { relativeTime } from '../../../src/cli/output/relative-time';

describe('durable CLI: usage, errors and output', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'durable-cli-usage-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it.each([
    ['get-instances', '--bogus'],
    ['get-instances', '--top', '0'],
    ['get-instances', '--runtime-status', 'Sleeping'],
    ['get-instances', '--created-after', 'yesterday'],
    ['start-new', '--input', '{not json'],
    ['start-new'],
    ['raise-event', '--id', 'x'],
    ['terminate'],
    ['purge-history', '--id', 'x', '--runtime-status', 'Completed'],
    ['frobnicate'],
  ])('refuses %s %s as a usage error: exit 2, a message, no stack trace, nothing created', async (...args) => {
    const run = await cli(cwd, {}, args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^error: /);
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ['get-runtime-status', '--id', 'x'],
    ['get-history', '--id', 'x'],
    ['get-instances'],
    ['get-entity', '--entity-name', 'counter', '--entity-key', 'k'],
    ['list-entities'],
    ['raise-event', '--id', 'x', '--event-name', 'e'],
    ['purge-history'],
    ['clean-entity-storage'],
    ['delete-task-hub', '--yes'],
  ])('never creates a hub for %s: "no hub at .durable/durable.sqlite", exit 1', async (...args) => {
    const run = await cli(cwd, {}, args);
    expect(run).toMatchObject({ code: 1, err: `HUB_NOT_FOUND: no hub at ${join('.durable', 'durable.sqlite')}: nothing has been started in this folder's task hub (see host.json).` });
    expect(existsSync(join(cwd, '.durable'))).toBe(false);
  });

  it('prints per-command help with the func durable option names, exit 0', async () => {
    const run = await cli(cwd, {}, ['get-instances', '--help']);
    expect(run.code).toBe(0);
    for (const option of ['--created-after', '--created-before', '--runtime-status', '--top', '--continuation-token', '--prefix', '--json', '--url', '--code']) expect(run.out).toContain(option);
    expect((await cli(cwd, {}, ['help', 'start-new'])).out).toContain('--function-name');
    expect((await cli(cwd, {}, [])).code).toBe(2);
  });

  it('prints a typed error as one CODE: message line; an invalid host.json is a configuration error', async () => {
    expect(await cli(cwd, {}, ['start-new', '--function-name', 'X', '--id', 'bad/id'])).toMatchObject({ code: 1, err: expect.stringMatching(/^INVALID_INSTANCE_ID: [^\n]+$/) });
    const env = { AzureFunctionsJobHost__extensions__durableTask__hubName: '1bad' };
    expect(await cli(cwd, env, ['get-instances'])).toMatchObject({ code: 1, err: expect.stringMatching(/^CONFIGURATION_INVALID: /) });
  });

  it('shows an unexpected error in one line, and its stack trace only with --verbose', async () => {
    const unreachable = ['get-instances', '--url', 'not a url'];
    const quiet = await cli(cwd, {}, unreachable);
    expect(quiet.code).toBe(1);
    expect(quiet.err.split('\n')).toHaveLength(1);
    expect(quiet.err).toContain('--verbose');
    const verbose = await cli(cwd, {}, [...unreachable, '--verbose']);
    expect(verbose.err).toMatch(/\n\s+at /);
  });

  it('warns when start-new names an orchestrator the app does not register, and not when it does', async () => {
    const functions = join(__dirname, 'fixtures', 'cli-functions.ts');
    const unknown = await cli(cwd, {}, ['start-new', '--function-name', 'Nope', '--functions', functions]);
    expect(unknown.code).toBe(0);
    expect(unknown.err).toBe("warning: the app registers no orchestrator named 'Nope' (registered: EchoOrchestrator); the instance is queued, and fails when a worker picks it up.");
    const known = await cli(cwd, {}, ['start-new', '--function-name', 'echoorchestrator', '--functions', functions]);
    expect(known).toMatchObject({ code: 0, err: '' });
  });

  it('colours statuses only for a terminal without NO_COLOR', async () => {
    await cli(cwd, {}, ['start-new', '--function-name', 'X', '--id', 'c1']);
    const escape = '\u001b[';
    expect((await cli(cwd, {}, ['get-instances'], { isTTY: true })).out).toContain(`${escape}90mPending${escape}0m`);
    expect((await cli(cwd, { NO_COLOR: '1' }, ['get-instances'], { isTTY: true })).out).not.toContain(escape);
    const piped = await cli(cwd, {}, ['get-instances']);
    expect(piped.out).not.toContain(escape);
    expect(piped.out.split('\n')[1]).toMatch(/^c1\s+X\s+Pending\s+just now\s+just now$/);
  });

  it('says times relative to now in the largest whole unit', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(relativeTime(now - 500, now)).toBe('just now');
    expect(relativeTime(now - 42_000, now)).toBe('42s ago');
    expect(relativeTime(now - 3 * 3_600_000 - 5, now)).toBe('3h ago');
    expect(relativeTime(now + 2 * 86_400_000, now)).toBe('in 2d');
  });
});
