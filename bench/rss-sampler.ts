/** Peak and latest memory figures of this process, in bytes. */
export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
}

/**
 * Samples the process's resident set size and heap every `intervalMs` (and on demand), keeping the
 * peak. The timer is unref'd: it never keeps the process alive.
 */
export class RssSampler {
  private peakRss = 0;
  private peakHeap = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Takes a sample now and returns it. */
  sample(): MemorySample {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
    return { rss, heapUsed };
  }

  get peak(): MemorySample {
    return { rss: this.peakRss, heapUsed: this.peakHeap };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * The heap still in use after a full collection (live state, garbage excluded), when node runs
 * with --expose-gc; undefined otherwise.
 */
export function liveHeapBytes(): number | undefined {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) return undefined;
  collect();
  return process.memoryUsage().heapUsed;
}

/** Bytes as mebibytes with one decimal. */
export function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
