import { BENCH_ORCHESTRATOR, BenchActivities, BenchFanOutFanIn } from '../bench-functions';
import type { BenchRow } from '../bench-row';
import { measureClosedLoop } from '../measure';
import type { Scenario } from '../scenario';
import { withBenchHost } from '../with-bench-host';

const SCENARIO = 'fan-out';

/** Checks a Bench_FanOutFanIn output: the sum 0 + 1 + … + (size - 1). */
export function expectFanOutSum(size: number): (output: unknown) => string | undefined {
  const expected = (size * (size - 1)) / 2;
  return (output) => (output === expected ? undefined : `output ${JSON.stringify(output)}, expected ${expected}`);
}

/** (b) One fan-out/fan-in instance of N trivial activities (`ctx.all`, results summed), on each storage. */
export const fanOutScenario: Scenario = {
  name: SCENARIO,
  description: 'one orchestration fanning out N trivial activities with ctx.all and summing them, on each storage',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const { sizes, warmupSize } = settings.fanOut;
    const configurations = environment.storages.flatMap((storage) => sizes.map((size) => ({ storage, size })));
    for (const { storage, size } of configurations) {
      progress(`fan-out on ${storage.kind}: ${size} activities (after a warm-up fan-out of ${warmupSize})`);
      const common = {
        orchestrator: BENCH_ORCHESTRATOR.fanOut,
        concurrency: 1,
        instances: 1,
        maxDurationMs: settings.instanceTimeoutMs,
        instanceTimeoutMs: settings.instanceTimeoutMs,
      };
      const row = await withBenchHost({ functions: [BenchFanOutFanIn, BenchActivities], storage }, (bench) =>
        measureClosedLoop({
          scenario: SCENARIO,
          label: `fan-out ${size}`,
          bench,
          warmup: { ...common, input: warmupSize, checkOutput: expectFanOutSum(warmupSize) },
          loop: { ...common, input: size, checkOutput: expectFanOutSum(size) },
          unit: 'activities',
          unitsPerInstance: size,
          details: (counters) => ({ activities: size, episodes: counters.episodes, commitsPerActivity: counters.commits / size }),
        }),
      );
      rows.push(row);
    }
    return rows;
  },
};
