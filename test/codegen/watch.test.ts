import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodegenRun } from '../../codegen/run-codegen';
import { isIgnoredChange, watchCodegen, type CodegenWatcher } from '../../codegen/watch-codegen';
import { waitFor } from '../support/wait-for';
import { copyFixture, type FixtureCopy } from './support/fixture-project';

describe('codegen --watch', () => {
  let fixture: FixtureCopy | undefined;
  let watcher: CodegenWatcher | undefined;
  afterEach(() => {
    watcher?.close();
    fixture?.dispose();
  });

  it('generates at once, then again after a decorated signature is saved', async () => {
    fixture = copyFixture('basic');
    const runs: (CodegenRun | Error)[] = [];
    const { src, out, tsconfig } = fixture;
    watcher = watchCodegen({ project: tsconfig, include: [src], out, debounceMs: 50 }, (run) => runs.push(run));
    const types = join(out, 'durable-types.ts');
    expect(existsSync(types)).toBe(true);
    expect(runs).toHaveLength(1);
    expect(readFileSync(types, 'utf8')).toContain('F_SayHello: { input: string; output: string }');

    const source = join(src, 'greetings.activities.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace('sayHello(name: string): string', 'sayHello(name: string): number'));
    await waitFor(() => readFileSync(types, 'utf8').includes('F_SayHello: { input: string; output: number }'), 'the regenerated durable-types.ts', 30_000);
    expect(runs.every((run) => !(run instanceof Error) && run.result.diagnostics.length === 0)).toBe(true);
  });

  it('ignores its own output folder and node_modules', () => {
    expect(isIgnoredChange('/app/src/generated/durable-types.ts', '/app/src/generated')).toBe(true);
    expect(isIgnoredChange('/app/src/generated', '/app/src/generated/')).toBe(true);
    expect(isIgnoredChange('/app/src/node_modules/x/index.ts', '/app/src/generated')).toBe(true);
    expect(isIgnoredChange('/app/src/generated-not/a.ts', '/app/src/generated')).toBe(false);
    expect(isIgnoredChange('/app/src/order.orchestrator.ts', '/app/src/generated')).toBe(false);
  });

  it('reports a rule violation without writing, and recovers when it is fixed', async () => {
    fixture = copyFixture('basic');
    const runs: (CodegenRun | Error)[] = [];
    const { src, out, tsconfig } = fixture;
    watcher = watchCodegen({ project: tsconfig, include: [src], out, debounceMs: 50 }, (run) => runs.push(run));
    const source = join(src, 'greetings.activities.ts');
    const original = readFileSync(source, 'utf8');
    writeFileSync(source, original.replace('sayHello(name: string): string', 'sayHello(name: string, extra: number): string'));
    const failed = await waitFor(() => runs.find((run) => !(run instanceof Error) && run.result.diagnostics.length > 0), 'a run with diagnostics', 30_000);
    expect(failed instanceof Error ? [] : failed.written).toEqual([]);
    writeFileSync(source, original.replace('sayHello(name: string): string', 'sayHello(name: string): boolean'));
    await waitFor(() => readFileSync(join(out, 'durable-types.ts'), 'utf8').includes('output: boolean'), 'the fixed output', 30_000);
  });
});
