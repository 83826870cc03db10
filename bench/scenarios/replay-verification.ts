import { Greetings } from '../../samples/hello-sequence/greetings.activities';
import { HelloSequence } from '../../samples/hello-sequence/hello-sequence.orchestrator';
import { BENCH_ORCHESTRATOR, BenchActivities, BenchLongSequence } from '../bench-functions';
import type { BenchRow } from '../bench-row';
import { measureClosedLoop } from '../measure';
import type { Scenario } from '../scenario';
import { withBenchHost } from '../with-bench-host';
import { checkHelloSequenceOutput, HELLO_SEQUENCE_ORCHESTRATOR } from './hello-sequence';

const SCENARIO = 'replay-verification';
const MODES = ['off', 'always'] as const;

/**
 * The cost of replay verification (on by default outside production): every episode served from
 * the instance cache is also replayed from stored history on a fresh context. Hello Sequence
 * shows the cost on short histories; the long chain shows how it grows with history (each
 * episode reads and replays the whole history, as with the cache off).
 */
export const replayVerificationScenario: Scenario = {
  name: SCENARIO,
  description: 'Hello Sequence and the long sequential chain with replayVerification off vs always (SQLite)',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    if (!environment.storages.some((s) => s.kind === 'sqlite')) return rows;
    const hello = settings.helloSequence.runs[0];
    for (const replayVerification of MODES) {
      if (hello !== undefined) {
        progress(`replay-verification: hello-sequence C=${hello.concurrency}, verification ${replayVerification}`);
        const loop = { orchestrator: HELLO_SEQUENCE_ORCHESTRATOR, concurrency: hello.concurrency, instanceTimeoutMs: settings.instanceTimeoutMs, checkOutput: checkHelloSequenceOutput };
        rows.push(
          await withBenchHost({ functions: [HelloSequence, Greetings], replayVerification }, (bench) =>
            measureClosedLoop({
              scenario: SCENARIO,
              label: `hello-sequence C=${hello.concurrency}, verification ${replayVerification}`,
              bench,
              warmup: { ...loop, instances: hello.warmupInstances, maxDurationMs: settings.helloSequence.maxDurationMs },
              loop: { ...loop, instances: hello.instances, maxDurationMs: settings.helloSequence.maxDurationMs },
              unit: 'instances',
              details: (counters) => ({ replayVerification, episodes: counters.episodes, episodesFromCache: counters.episodesFromCache }),
            }),
          ),
        );
      }
      const { steps, instances, concurrency, warmupSteps } = settings.instanceCache;
      progress(`replay-verification: ${instances} instance(s) of ${steps} sequential activities, verification ${replayVerification}`);
      const common = { orchestrator: BENCH_ORCHESTRATOR.longSequence, concurrency, maxDurationMs: settings.instanceTimeoutMs, instanceTimeoutMs: settings.instanceTimeoutMs };
      const expect = (n: number) => (output: unknown) => (output === n ? undefined : `output ${JSON.stringify(output)}, expected ${n}`);
      rows.push(
        await withBenchHost({ functions: [BenchLongSequence, BenchActivities], replayVerification }, (bench) =>
          measureClosedLoop({
            scenario: SCENARIO,
            label: `${steps} steps, verification ${replayVerification}`,
            bench,
            warmup: { ...common, instances: 1, input: warmupSteps, checkOutput: expect(warmupSteps) },
            loop: { ...common, instances, input: steps, checkOutput: expect(steps) },
            unit: 'episodes',
            details: (counters) => ({ replayVerification, steps, episodes: counters.episodes }),
          }),
        ),
      );
    }
    return rows;
  },
};
