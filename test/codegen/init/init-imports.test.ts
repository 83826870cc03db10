import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ENTRY = resolve(__dirname, '../../../codegen/init/run-init.ts');

/** Every module `from` reaches through relative imports, and the packages they import. */
function reach(from: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)) {
      if (!specifier.startsWith('.')) packages.add(specifier);
      else visit([`${join(dirname(file), specifier)}.ts`, join(dirname(file), specifier, 'index.ts')].find(existsSync) ?? '');
    }
  };
  visit(from);
  return { files, packages };
}

// `durable init` runs in a folder where nothing is installed yet besides durable-ts itself.
it('durable init imports neither ts-morph nor typescript, only Node built-ins', () => {
  const { files, packages } = reach(ENTRY);
  expect(files.size).toBeGreaterThan(5);
  expect([...packages].filter((name) => !name.startsWith('node:'))).toEqual([]);
});
