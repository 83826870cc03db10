import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Injection token of the folder the backup sample may read and write (`@inject(BACKUP_ROOT)`). */
export const BACKUP_ROOT = Symbol.for('durable-ts-samples:BackupRoot');

/** The default root: `DURABLE_BACKUP_ROOT`, else `.durable/backup-site-content` under the working directory. */
export function defaultBackupRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolve(env.DURABLE_BACKUP_ROOT ?? '.durable/backup-site-content');
}

/** A path the backup sample was asked to use lies outside its root folder. */
export class PathOutsideBackupRootError extends Error {
  readonly code = 'PATH_OUTSIDE_BACKUP_ROOT' as const;
  constructor(
    readonly path: string,
    readonly root: string,
  ) {
    super(
      `The backup sample only reads and writes under ${root}; ${JSON.stringify(path.slice(0, 200))} is outside it ` +
        '(through "..", an absolute path or a symbolic link). Give paths inside the root, or set DURABLE_BACKUP_ROOT.',
    );
    this.name = 'PathOutsideBackupRootError';
  }
}

/**
 * `path` (relative paths are taken from `root`) as a real path inside `root`: symbolic links are
 * followed — for a path that does not exist yet, those of its nearest existing ancestor — and the
 * result must still be inside the root.
 * @throws PathOutsideBackupRootError
 */
export async function resolveInsideRoot(root: string, path: string): Promise<string> {
  const realRoot = await realpath(root);
  const wanted = resolve(realRoot, path);
  if (!isInside(realRoot, wanted)) throw new PathOutsideBackupRootError(path, realRoot);
  const real = await realExisting(wanted);
  if (!isInside(realRoot, real)) throw new PathOutsideBackupRootError(path, realRoot);
  return real;
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const parent = dirname(path);
    if ((error as { code?: unknown }).code !== 'ENOENT' || parent === path) throw error;
    return resolve(await realExisting(parent), relative(parent, path));
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
