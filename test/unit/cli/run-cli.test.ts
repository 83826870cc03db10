import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli';

describe('durable CLI', () => {
  let cwd: string;
  let lines: string[];
  const io = () => ({ out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: {}, cwd });
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'durable-cli-'));
    lines = [];
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('queues an instance and shows its status from the hub in the working directory', async () => {
    expect(await runCli(['start', 'E1_HelloSequence', '--id', 'cli-1', '--input', '{"n":3}'], io())).toBe(0);
    expect(lines).toEqual(['cli-1']);
    lines = [];
    expect(await runCli(['status', 'cli-1', '--json', '--show-input'], io())).toBe(0);
    const status = JSON.parse(lines.join('\n')) as { runtimeStatus: string; input: unknown; name: string };
    expect(status).toMatchObject({ runtimeStatus: 'Pending', input: { n: 3 }, name: 'E1_HelloSequence' });
  });

  it('prints the error code for bad input and exits 1, storing nothing', async () => {
    expect(await runCli(['start', 'E1_HelloSequence', '--id', 'bad/id'], io())).toBe(1);
    expect(lines[0]).toMatch(/^INVALID_INSTANCE_ID: /);
    lines = [];
    expect(await runCli(['status', 'bad-id-never-started'], io())).toBe(1);
    expect(lines[0]).toMatch(/^INSTANCE_NOT_FOUND: /);
  });

  it('names an unknown command as a usage error (exit 2)', async () => {
    expect(await runCli(['frobnicate', 'x'], io())).toBe(2);
    expect(lines.join('\n')).toContain("unknown command 'frobnicate'");
  });
});
