import { startBenchHost, type BenchHost, type BenchHostOptions } from './bench-host';

/** Runs `body` on a freshly started bench host and always stops it and removes its files. */
export async function withBenchHost<T>(options: BenchHostOptions, body: (bench: BenchHost) => Promise<T>): Promise<T> {
  const bench = await startBenchHost(options);
  try {
    return await body(bench);
  } finally {
    await bench.dispose();
  }
}
