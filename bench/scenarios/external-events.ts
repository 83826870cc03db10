import { BenchExternalEvents } from '../bench-functions';
import type { BenchRow } from '../bench-row';
import { runExternalEvents, type RaiseMode } from '../external-events-run';
import type { Scenario } from '../scenario';
import { perSecond, summarizeLatencies } from '../stats';
import { withBenchHost } from '../with-bench-host';

const SCENARIO = 'external-events';
const MODES: readonly RaiseMode[] = ['burst', 'in-turn'];

/**
 * (e) External event processing: N instances each wait for K events in a row
 * (`ctx.waitForExternalEvent`). Once all N are waiting, the client raises every instance's events
 * (`client.raiseEvent`, all instances at once), either back to back (`burst`) or each once the
 * previous one has been processed (`in-turn`, one episode per event). Measured: events processed
 * per second, from the first raise to the last completion, and each instance's latency from its
 * first raise to its completion; outputs (the payloads, in order) are checked. On each storage.
 */
export const externalEventsScenario: Scenario = {
  name: SCENARIO,
  description: 'N instances each waiting for K external events raised by the client: events/s, first raise to completion',
  async run(settings, progress, environment): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const { instances, eventsPerInstance, warmupInstances } = settings.externalEvents;
    const timeoutMs = settings.instanceTimeoutMs;
    const configurations = environment.storages.flatMap((storage) => MODES.map((mode) => ({ storage, mode })));
    for (const { storage, mode } of configurations) {
      progress(`external-events on ${storage.kind}: ${instances} instances x ${eventsPerInstance} events, ${mode} (after a warm-up of ${warmupInstances})`);
      const row = await withBenchHost({ functions: [BenchExternalEvents], storage }, async (bench): Promise<BenchRow> => {
        const warm = await runExternalEvents(bench, { instances: warmupInstances, eventsPerInstance, mode, timeoutMs });
        const warmupProblems = warm.problems.map((p) => ({ ...p, detail: `(warm-up) ${p.detail}` }));
        const result = await runExternalEvents(bench, { instances, eventsPerInstance, mode, timeoutMs });
        const completed = result.latenciesMs.length;
        const events = completed * eventsPerInstance;
        return {
          scenario: SCENARIO,
          label: `external-events ${instances}x${eventsPerInstance} ${mode}`,
          provider: bench.host.storage.kind,
          concurrency: instances,
          count: events,
          unit: 'events',
          throughput: perSecond(events, result.elapsedMs),
          instances: completed,
          latency: summarizeLatencies(result.latenciesMs),
          commits: result.commits,
          commitsPerInstance: completed > 0 ? result.commits / completed : Number.NaN,
          elapsedMs: result.elapsedMs,
          details: {
            synchronous: bench.synchronous,
            mode,
            started: instances,
            waiting: result.waiting,
            eventsPerInstance,
            episodes: result.episodes,
            episodesPerEvent: events > 0 ? result.episodes / events : Number.NaN,
            commitsPerEvent: events > 0 ? result.commits / events : Number.NaN,
          },
          instanceProblems: [...warmupProblems, ...result.problems],
          loggedProblems: [...bench.logger.problems],
        };
      });
      rows.push(row);
    }
    return rows;
  },
};
