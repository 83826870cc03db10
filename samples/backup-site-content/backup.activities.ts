import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Activities, Activity } from 'durable-ts';

export interface CopyFileInput {
  readonly sourceRoot: string;
  readonly file: string;
  readonly backupRoot: string;
}

@Activities()
export class BackupActivities {
  /** Every file under `rootDirectory`, recursively, as absolute paths in a stable order. */
  @Activity('E2_GetFileList')
  async getFileList(rootDirectory: string): Promise<string[]> {
    const root = resolve(rootDirectory);
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  }

  /** Copies one file into the backup folder (same relative path) and returns its size in bytes. */
  @Activity('E2_CopyFileToBlob')
  async copyFileToBlob(input: CopyFileInput): Promise<number> {
    const target = join(input.backupRoot, relative(input.sourceRoot, input.file));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(input.file, target);
    return (await stat(target)).size;
  }
}
