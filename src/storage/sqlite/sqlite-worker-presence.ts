import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Proof that a worker's process is alive, for workers sharing one SQLite file: each worker holds
 * an exclusive SQLite lock on a small lock file of its own (next to the database, in
 * `<file>.workers/`) for as long as it runs. The operating system drops the lock when the process
 * ends, however it ends (SIGKILL included), so a lock that can be taken proves its owner gone.
 * SQLite's own lock bookkeeping makes this hold between connections of one process as well.
 */
export class SqliteWorkerPresence {
  private readonly held = new Map<string, Database.Database>();

  constructor(
    private readonly databasePath: string,
    private readonly hub: string,
  ) {}

  /** Takes `owner`'s lock (kept until release) and returns its lock file. */
  hold(owner: string): string {
    const file = this.lockFileOf(owner);
    if (this.held.has(owner)) return file;
    mkdirSync(join(file, '..'), { recursive: true });
    const lock = new Database(file, { timeout: 0 });
    try {
      lock.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      lock.close();
      throw error;
    }
    this.held.set(owner, lock);
    return file;
  }

  /** True when some live process holds the lock of `file`; false when its owner is gone. */
  isHeld(file: string): boolean {
    let probe: Database.Database | undefined;
    try {
      probe = new Database(file, { timeout: 0, fileMustExist: true });
      probe.exec('BEGIN EXCLUSIVE');
      probe.exec('ROLLBACK');
      return false;
    } catch (error) {
      // Busy: its owner holds it. A missing file: the owner stopped and removed it.
      return (error as { code?: unknown }).code === 'SQLITE_BUSY';
    } finally {
      probe?.close();
    }
  }

  /** Removes the lock file of an owner proven gone. */
  forget(file: string): void {
    rmSync(file, { force: true });
  }

  /** Lets go of `owner`'s lock and removes its file (a clean stop). */
  release(owner: string): void {
    const lock = this.held.get(owner);
    if (lock === undefined) return;
    this.held.delete(owner);
    lock.close();
    this.forget(this.lockFileOf(owner));
  }

  releaseAll(): void {
    for (const owner of [...this.held.keys()]) this.release(owner);
  }

  private lockFileOf(owner: string): string {
    const name = createHash('sha256').update(`${this.hub}\0${owner}`).digest('hex').slice(0, 32);
    return join(`${resolve(this.databasePath)}.workers`, `${name}.lock`);
  }
}
