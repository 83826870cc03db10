import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScaffoldFile } from './render-scaffold';

export type WriteAction = 'create' | 'update' | 'overwrite' | 'unchanged' | 'conflict';

export interface PlannedWrite extends ScaffoldFile {
  readonly action: WriteAction;
}

/**
 * Compares each file with what is on disk. `mergedPaths` already hold the existing content plus
 * additions, so a difference there is an update; elsewhere it is a conflict unless `force`.
 */
export function planWrites(cwd: string, files: readonly ScaffoldFile[], mergedPaths: ReadonlySet<string>, force: boolean): PlannedWrite[] {
  return files.map((file) => {
    const existing = readIfPresent(join(cwd, file.path));
    const action: WriteAction =
      existing === undefined ? 'create' : existing === file.content ? 'unchanged' : mergedPaths.has(file.path) ? 'update' : force ? 'overwrite' : 'conflict';
    return { ...file, action };
  });
}

/** Writes the planned files that change; call only when no write is a conflict. */
export function applyWrites(cwd: string, writes: readonly PlannedWrite[]): void {
  for (const write of writes) {
    if (write.action === 'unchanged' || write.action === 'conflict') continue;
    const path = join(cwd, write.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, write.content);
  }
}

export function readIfPresent(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
