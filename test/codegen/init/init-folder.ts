import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInit } from '../../../codegen/init/run-init';

export interface InitRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** A temp app folder to run `durable init` in; `name` becomes the folder's name. */
export interface InitFolder {
  readonly dir: string;
  run(...argv: string[]): InitRun;
  read(path: string): string;
  json(path: string): Record<string, unknown>;
  write(path: string, content: string): void;
  exists(path: string): boolean;
  dispose(): void;
}

export function makeInitFolder(name = 'my-app'): InitFolder {
  const parent = mkdtempSync(join(tmpdir(), 'durable-init-'));
  const dir = join(parent, name);
  mkdirSync(dir);
  return {
    dir,
    run: (...argv) => {
      const result = { out: [] as string[], err: [] as string[] };
      const code = runInit(argv, { cwd: dir, out: (l) => result.out.push(l), err: (l) => result.err.push(l) });
      return { code, ...result };
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    json: (path) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>,
    write: (path, content) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    exists: (path) => existsSync(join(dir, path)),
    dispose: () => rmSync(parent, { recursive: true, force: true }),
  };
}
