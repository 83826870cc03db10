import { execFileSync } from 'node:child_process';
import { arch, availableParallelism, cpus, platform, release, totalmem } from 'node:os';

/** Where the bench ran, recorded with the results. */
export interface MachineInfo {
  readonly cpus: number;
  readonly availableParallelism: number;
  readonly cpuModel: string;
  readonly platform: string;
  readonly osRelease: string;
  readonly arch: string;
  readonly totalMemoryMiB: number;
  readonly nodeVersion: string;
  /** The checked-out commit, when git is available (uncommitted changes are not reflected). */
  readonly gitCommit?: string;
}

/** Describes this machine and process. */
export function machineInfo(repositoryRoot: string): MachineInfo {
  const list = cpus();
  const commit = gitCommit(repositoryRoot);
  return {
    cpus: list.length,
    availableParallelism: availableParallelism(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    platform: platform(),
    osRelease: release(),
    arch: arch(),
    totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
    nodeVersion: process.version,
    ...(commit !== undefined ? { gitCommit: commit } : {}),
  };
}

function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
