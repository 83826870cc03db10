import { BENCH_ORCHESTRATOR, BenchActivities, BenchFanOutFanIn } from '../bench-functions';
import type { BenchRow } from '../bench-row';
import { measureClosedLoop } from '../measure';
import type { Scenario } from '../scenario';
import { withBenchHost } from '../with-bench-host';

const SCENARIO = 'fan-out';

function expectSum(size: number): (output: unknown) => string | undefined {
  const expected = (size * (size - 1)) / 2;
  return (output) => (output === expected ? undefined : `output ${JSON.stringify(output)}, expected ${expected}`);
}

/** (b) One fan-out/fan-in instance of N trivial activities (`ctx.all`, results summed). */
export const fanOutScenario: Scenario = {
  name: SCENARIO,
  description: 'one orchestration fanning out N trivial activities with ctx.all and summing them',
  async run(settings, progress): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const { sizes, warmupSize } = settings.fanOut;
    for (const size of sizes) {
      progress(`fan-out: ${size} activities (after a warm-up fan-out of ${warmupSize})`);
      const common = {
        orchestrator: BENCH_ORCHESTRATOR.fanOut,
        concurrency: 1,
        instances: 1,
        maxDurationMs: settings.instanceTimeoutMs,
        instanceTimeoutMs: settings.instanceTimeoutMs,
      };
      const row = await withBenchHost({ functions: [BenchFanOutFanIn, BenchActivities] }, (bench) =>
        measureClosedLoop({
          scenario: SCENARIO,
          label: `fan-out ${size}`,
          bench,
          warmup: { ...common, input: warmupSize, checkOutput: expectSum(warmupSize) },
          loop: { ...common, input: size, checkOutput: expectSum(size) },
          unit: 'activities',
          activitiesPerInstance: size,
          details: (counters) => ({ activities: size, episodes: counters.episodes, commitsPerActivity: counters.commits / size }),
        }),
      );
      rows.push(row);
    }
    return rows;
  },
};
