import { close, fsync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { summarizeLatencies, type LatencySummary } from './stats';

const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

/**
 * Times `count` small write+fsync pairs in the temp directory the bench databases use. With
 * synchronous=FULL every commit waits for at least one fsync, so this bounds commits per second
 * and explains differences between machines (and between runs on a shared disk).
 */
export async function probeFsync(count: number): Promise<LatencySummary> {
  const directory = mkdtempSync(join(tmpdir(), 'durable-ts-bench-fsync-'));
  const fd = openSync(join(directory, 'probe'), 'w');
  const samples: number[] = [];
  try {
    const block = Buffer.alloc(4096, 1);
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      writeSync(fd, block, 0, block.length, 0);
      await fsyncAsync(fd);
      samples.push(performance.now() - t0);
    }
  } finally {
    await closeAsync(fd);
    rmSync(directory, { recursive: true, force: true });
  }
  return summarizeLatencies(samples);
}
