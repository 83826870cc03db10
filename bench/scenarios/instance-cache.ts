import { BENCH_ORCHESTRATOR, BenchActivities, BenchLongSequence } from '../bench-functions';
import type { BenchRow } from '../bench-row';
import { measureClosedLoop } from '../measure';
import type { Scenario } from '../scenario';
import { withBenchHost } from '../with-bench-host';

const SCENARIO = 'instance-cache';

function expectValue(steps: number): (output: unknown) => string | undefined {
  return (output) => (output === steps ? undefined : `output ${JSON.stringify(output)}, expected ${steps}`);
}

/**
 * (c) The instance cache ("extended sessions"): a long sequence of activities, one episode per
 * step, with the cache on (episodes continue the live executor) and off (every episode reads and
 * replays the whole history).
 */
export const instanceCacheScenario: Scenario = {
  name: SCENARIO,
  description: 'long sequential history with extendedSessionsEnabled true vs false',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    // Measured on SQLite only (the cache saves replay CPU and history reads, whatever the storage).
    if (!environment.storages.some((s) => s.kind === 'sqlite')) return rows;
    const { steps, instances, concurrency, warmupSteps } = settings.instanceCache;
    for (const extendedSessionsEnabled of [true, false]) {
      const cache = extendedSessionsEnabled ? 'on' : 'off';
      progress(`instance-cache: ${instances} instance(s) of ${steps} sequential activities, cache ${cache}`);
      const common = {
        orchestrator: BENCH_ORCHESTRATOR.longSequence,
        concurrency,
        maxDurationMs: settings.instanceTimeoutMs,
        instanceTimeoutMs: settings.instanceTimeoutMs,
      };
      const row = await withBenchHost({ functions: [BenchLongSequence, BenchActivities], extendedSessionsEnabled }, (bench) =>
        measureClosedLoop({
          scenario: SCENARIO,
          label: `${steps} steps, cache ${cache}`,
          bench,
          warmup: { ...common, instances: 1, input: warmupSteps, checkOutput: expectValue(warmupSteps) },
          loop: { ...common, instances, input: steps, checkOutput: expectValue(steps) },
          unit: 'episodes',
          details: (counters) => ({
            extendedSessionsEnabled,
            steps,
            episodesFromCache: counters.episodesFromCache,
            episodesNotFromCache: counters.episodes - counters.episodesFromCache,
          }),
        }),
      );
      rows.push(row);
    }
    return rows;
  },
};
