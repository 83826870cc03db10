import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModuleSetting } from './module-styles';

export const FIXTURES = resolve(__dirname, '../fixtures');

export interface FixtureCopy {
  /** The temp project folder: `src/` (copied), `tsconfig.json`, and `generated/` as output. */
  readonly dir: string;
  readonly tsconfig: string;
  readonly src: string;
  readonly out: string;
  dispose(): void;
}

/**
 * Copies a fixture's `src/` into a temp folder with a tsconfig that extends the fixture's (so
 * `durable-ts` still resolves to this repo), with the module settings of `setting` when given.
 * `generated/` sits where the fixture's `expected/` does, so the generated relative imports are
 * the same.
 */
export function copyFixture(name: string, setting?: Pick<ModuleSetting, 'compilerOptions' | 'packageType'>): FixtureCopy {
  const dir = mkdtempSync(join(tmpdir(), `durable-codegen-${name}-`));
  cpSync(join(FIXTURES, name, 'src'), join(dir, 'src'), { recursive: true });
  const tsconfig = join(dir, 'tsconfig.json');
  const compilerOptions = setting?.compilerOptions ?? {};
  writeFileSync(tsconfig, JSON.stringify({ extends: join(FIXTURES, name, 'tsconfig.json'), compilerOptions, include: ['src'] }, null, 2));
  if (setting?.packageType !== undefined) writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: setting.packageType }));
  return { dir, tsconfig, src: join(dir, 'src'), out: join(dir, 'generated'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
