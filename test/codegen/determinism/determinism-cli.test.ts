import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runCodegen } from '../../../codegen/cli';
import { runCli } from '../../../src/cli/run-cli';
import { copyFixture, type FixtureCopy } from '../support/fixture-project';

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

describe('determinism on the command line', () => {
  let fixture: FixtureCopy;
  const capture = async (call: (io: { cwd: string; env: Record<string, string>; out: (l: string) => void; err: (l: string) => void }) => Promise<number>): Promise<Run> => {
    const result = { out: [] as string[], err: [] as string[] };
    const code = await call({ cwd: fixture.dir, env: {}, out: (l) => result.out.push(l), err: (l) => result.err.push(l) });
    return { code, ...result };
  };
  const codegen = (...extra: string[]): Promise<Run> =>
    capture((io) => runCodegen(['--project', fixture.tsconfig, '--include', fixture.src, '--out', fixture.out, ...extra], io));
  const check = (...args: string[]): Promise<Run> => capture((io) => runCli(['check', ...args], io));

  beforeAll(() => {
    fixture = copyFixture('determinism');
  });
  afterAll(() => fixture.dispose());

  it('codegen fails on findings by default and writes nothing', async () => {
    const result = await codegen();
    expect(result.code).toBe(1);
    expect(result.err.some((l) => /^src\/clock\.orchestrator\.ts:7:15 - error codegen\(determinism\/date-now\): Date\.now\(\) reads the clock.*ctx\.currentUtcDateTime/.test(l))).toBe(true);
    expect(result.err.some((l) => /^src\/helpers\/clock\.ts:3:10 - error codegen\(determinism\/date-now\): Date\.now\(\) .*reached from ClockHelper\.run → clock\.ts stamp/.test(l))).toBe(true);
    expect(result.err.at(-1)).toMatch(/^codegen: \d+ error\(s\); nothing was written$/);
    expect(existsSync(fixture.out)).toBe(false);
  });

  it('--determinism warn reports the findings as warnings and writes the files', async () => {
    const result = await codegen('--determinism', 'warn');
    expect(result.code).toBe(0);
    expect(result.err.some((l) => l.startsWith('src/clock.orchestrator.ts:7:15 - warning codegen(determinism/date-now): Date.now()'))).toBe(true);
    expect(result.err.at(-1)).toMatch(/^codegen: \d+ determinism warning\(s\) \(--determinism warn\)$/);
    expect(result.out).toEqual(['codegen: wrote generated/durable-functions.ts', 'codegen: wrote generated/durable-schemas.ts', 'codegen: wrote generated/durable-types.ts']);
    expect(readdirSync(fixture.out).sort()).toEqual(['durable-functions.ts', 'durable-schemas.ts', 'durable-types.ts']);
  });

  it('--determinism takes only error or warn', async () => {
    const result = await codegen('--determinism', 'off');
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^codegen: --determinism is error or warn, not off/);
  });

  it('durable check exits 1 on findings, 0 when clean, 2 on a usage error, and writes nothing', async () => {
    const all = await check('--project', fixture.tsconfig, '--include', fixture.src, '--out', join(fixture.dir, 'nowhere'));
    expect(all.code).toBe(1);
    expect(all.err.some((l) => l.startsWith('src/await.orchestrator.ts:7:15 - error codegen(determinism/await-non-durable): await of Promise.resolve(1)'))).toBe(true);
    expect(all.err.at(-1)).toMatch(/^check: \d+ finding\(s\)$/);
    expect(existsSync(join(fixture.dir, 'nowhere'))).toBe(false);

    const clean = await check('--project', fixture.tsconfig, '--include', join(fixture.src, 'clean.orchestrator.ts'));
    expect(clean).toEqual({ code: 0, out: ['check: no determinism findings'], err: [] });

    expect((await check('--nope')).code).toBe(2);
  });
});
