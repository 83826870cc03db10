import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffoldTsconfig } from '../../codegen/init/scaffold-tsconfig';
import { REPO } from './support/packaged-app';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/**
 * The README's "Use it in your app" examples are the files the user-journey test builds and runs
 * from the packed tarball: each block marked `<!-- file: path -->` must be that file, verbatim.
 */
describe('README examples', () => {
  const marked = [...README.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)].map((m) => ({ path: m[1] as string, code: m[2] as string }));

  it('quotes the packaged app', () => {
    expect(marked.map((m) => m.path)).toEqual(expect.arrayContaining(['test/package/app/src/main.ts', 'test/package/app/src/inventory.entity.ts']));
  });

  it.each(marked)('$path is quoted verbatim', ({ path, code }) => {
    expect(code).toBe(readFileSync(join(REPO, path), 'utf8').replace(/\n$/, ''));
  });

  it('gives the compiler options that durable init writes', () => {
    const section = README.slice(README.indexOf('### By hand'));
    const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    const readme = (JSON.parse(block ?? '{}') as { compilerOptions: Record<string, unknown> }).compilerOptions;
    const scaffold = (JSON.parse(scaffoldTsconfig()) as { compilerOptions: Record<string, unknown> }).compilerOptions;
    expect(Object.keys(readme).length).toBeGreaterThan(5);
    expect(scaffold).toMatchObject(readme);
  });
});
