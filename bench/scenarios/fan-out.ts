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
  description: 'orchestrations fanning out N trivial activities with ctx.all and summing them (N = 100, 1,000, 10,000), on each storage',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const { runs, warmupSize } = settings.fanOut;
    const configurations = environment.storages.flatMap((storage) => runs.map((run) => ({ storage, run })));
    for (const { storage, run } of configurations) {
      const { size, instances, repeats } = run;
      progress(`fan-out on ${storage.kind}: ${repeats} x ${instances} fan-out(s) of ${size} activities (after a warm-up fan-out of ${warmupSize})`);
      const common = {
        orchestrator: BENCH_ORCHESTRATOR.fanOut,
        concurrency: 1,
        maxDurationMs: settings.instanceTimeoutMs,
        instanceTimeoutMs: settings.instanceTimeoutMs,
      };
      const row = await withBenchHost({ functions: [BenchFanOutFanIn, BenchActivities], storage }, (bench) =>
        measureClosedLoop({
          scenario: SCENARIO,
          label: `fan-out ${size}`,
          bench,
          warmup: { ...common, instances: 1, input: warmupSize, checkOutput: expectFanOutSum(warmupSize) },
          loop: { ...common, instances, input: size, checkOutput: expectFanOutSum(size) },
          repeats,
          unit: 'activities',
          unitsPerInstance: size,
          details: (counters) => ({ activities: size, episodes: counters.episodes, commitsPerActivity: counters.commits / (size * instances * repeats) }),
        }),
      );
      rows.push(row);
    }
    return rows;
  },
};
