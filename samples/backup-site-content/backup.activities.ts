import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Activities, Activity, inject, registry } from 'durable-ts';
import { BACKUP_ROOT, defaultBackupRoot, resolveInsideRoot } from './backup-root';

export interface CopyFileInput {
  readonly sourceRoot: string;
  readonly file: string;
  readonly backupRoot: string;
}

/**
 * Activities of the fan-out/fan-in sample. Every path they are given — from an orchestration
 * input, so from whoever may start one — must lie inside the backup root (BACKUP_ROOT: by
 * default `DURABLE_BACKUP_ROOT` or `.durable/backup-site-content`); `..`, absolute paths and
 * symbolic links that lead out of it are refused with PathOutsideBackupRootError.
 */
@Activities()
@registry([{ token: BACKUP_ROOT, useFactory: () => defaultBackupRoot() }])
export class BackupActivities {
  constructor(@inject(BACKUP_ROOT) private readonly root: string) {}

  /** Every file under `rootDirectory`, recursively, as absolute paths in a stable order. */
  @Activity('E2_GetFileList')
  async getFileList(rootDirectory: string): Promise<string[]> {
    const folder = await this.inside(rootDirectory);
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  }

  /** Copies one file into the backup folder (same relative path) and returns its size in bytes. */
  @Activity('E2_CopyFileToBlob')
  async copyFileToBlob(input: CopyFileInput): Promise<number> {
    const sourceRoot = await this.inside(input.sourceRoot);
    const file = await this.inside(input.file);
    const target = await this.inside(join(await this.inside(input.backupRoot), relative(sourceRoot, file)));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(file, target);
    return (await stat(target)).size;
  }

  private async inside(path: string): Promise<string> {
    await mkdir(this.root, { recursive: true });
    return resolveInsideRoot(this.root, path);
  }
}
