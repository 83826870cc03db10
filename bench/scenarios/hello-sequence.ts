import { Greetings } from '../../samples/hello-sequence/greetings.activities';
import { HelloSequence } from '../../samples/hello-sequence/hello-sequence.orchestrator';
import type { BenchRow } from '../bench-row';
import { measureClosedLoop } from '../measure';
import type { Scenario } from '../scenario';
import { withBenchHost } from '../with-bench-host';

const SCENARIO = 'hello-sequence';
export const HELLO_SEQUENCE_ORCHESTRATOR = 'E1_HelloSequence';
const EXPECTED_OUTPUT = JSON.stringify(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);

/** Checks an E1_HelloSequence output. */
export function checkHelloSequenceOutput(output: unknown): string | undefined {
  const actual = JSON.stringify(output);
  return actual === EXPECTED_OUTPUT ? undefined : `output ${actual}, expected ${EXPECTED_OUTPUT}`;
}

/** (a) The function-chaining sample as a closed loop of C clients: start, wait, repeat; on each storage. */
export const helloSequenceScenario: Scenario = {
  name: SCENARIO,
  description: 'E1_HelloSequence (3 activities in sequence), closed loop of C clients, on each storage',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const configurations = environment.storages.flatMap((storage) => settings.helloSequence.runs.map((run) => ({ storage, run })));
    for (const { storage, run } of configurations) {
      progress(`hello-sequence on ${storage.kind}: C=${run.concurrency}, ${settings.helloSequence.repeats} x ${run.instances} instances after ${run.warmupInstances} warm-up`);
      const loop = {
        orchestrator: HELLO_SEQUENCE_ORCHESTRATOR,
        concurrency: run.concurrency,
        instanceTimeoutMs: settings.instanceTimeoutMs,
        checkOutput: checkHelloSequenceOutput,
      };
      const row = await withBenchHost({ functions: [HelloSequence, Greetings], storage }, (bench) =>
        measureClosedLoop({
          scenario: SCENARIO,
          label: `hello-sequence C=${run.concurrency}`,
          bench,
          warmup: { ...loop, instances: run.warmupInstances, maxDurationMs: settings.helloSequence.maxDurationMs },
          loop: { ...loop, instances: run.instances, maxDurationMs: settings.helloSequence.maxDurationMs },
          repeats: settings.helloSequence.repeats,
          unit: 'instances',
          details: (counters) => ({ activitiesPerInstance: 3, episodes: counters.episodes, episodesFromCache: counters.episodesFromCache }),
        }),
      );
      rows.push(row);
    }
    return rows;
  },
};
