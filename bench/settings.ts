/** One closed-loop configuration of the Hello Sequence scenario. */
export interface ClosedLoopRun {
  readonly concurrency: number;
  /** Instances run before measuring (JIT, SQLite page cache, statement cache). */
  readonly warmupInstances: number;
  readonly instances: number;
}

/** One size of the fan-out scenario. */
export interface FanOutRun {
  readonly size: number;
  readonly instances: number;
  readonly repeats: number;
}

/** Every count and limit the bench uses; written to the JSON file with the results. */
export interface BenchSettings {
  readonly profile: 'full' | 'quick';
  /** How long one instance may take before it is reported as hung. */
  readonly instanceTimeoutMs: number;
  /** Write+fsync pairs timed before the scenarios, to characterize the disk. */
  readonly fsyncProbeCount: number;
  readonly helloSequence: {
    readonly runs: readonly ClosedLoopRun[];
    /** No new instance starts after this long, per repetition (keeps the bench bounded on slow disks). */
    readonly maxDurationMs: number;
    /** Each run is measured this many times on the same host: median throughput and spread. */
    readonly repeats: number;
  };
  readonly fanOut: {
    /** Fan-outs of `size` activities, `instances` of them one after another, measured `repeats` times. */
    readonly runs: readonly FanOutRun[];
    /** Activities of the fan-out run once before measuring. */
    readonly warmupSize: number;
  };
  /** Instances that wait on an external event, across a restart of the host. */
  readonly waitingInstances: {
    /** Instances on SQLite. */
    readonly instances: number;
    /** Instances on PostgreSQL (every start and raise is a round trip to the server). */
    readonly postgresInstances: number;
    /** startNew and raiseEvent calls in flight at once. */
    readonly clientConcurrency: number;
    /** How often the process's resident set size is sampled. */
    readonly rssSampleMs: number;
    /** How long each phase (all waiting, all completed) may take before it is reported as hung. */
    readonly phaseTimeoutMs: number;
  };
  readonly instanceCache: {
    /** Sequential activities per instance (the history grows by one step per episode). */
    readonly steps: number;
    readonly instances: number;
    readonly concurrency: number;
    readonly warmupSteps: number;
  };
  /** Instances that each wait for a run of external events raised by the client. */
  readonly externalEvents: {
    /** Instances started, all waiting at once before the first event is raised. */
    readonly instances: number;
    /** Events each instance waits for, one after another. */
    readonly eventsPerInstance: number;
    /** Instances run through the same steps before measuring. */
    readonly warmupInstances: number;
  };
  /** Bench counter entities: signals from the client, and calls from orchestrations. */
  readonly entityOperations: {
    /** Signals sent from the client, spread over `keys` counters: one row per entry (10 keys, and one). */
    readonly signals: number;
    readonly keys: readonly number[];
    /** Signals sent to a separate counter before measuring. */
    readonly warmupSignals: number;
    /** A closed loop of orchestrations, each calling one shared counter `callsPerInstance` times. */
    readonly calls: ClosedLoopRun & { readonly callsPerInstance: number; readonly maxDurationMs: number };
  };
  /** Worker processes sharing one PostgreSQL hub; the bench process only starts instances and waits. */
  readonly scaleOut: {
    /** Worker processes per configuration. */
    readonly workers: readonly number[];
    /** E1_HelloSequence as a closed loop of `concurrency` clients in the bench process. */
    readonly helloSequence: ClosedLoopRun & { readonly maxDurationMs: number };
    /** `instances` fan-outs of `size` activities, all started at once. */
    readonly fanOut: { readonly instances: number; readonly size: number };
    /** The same with activities that each wait `waitMs` (I/O-bound work): slots, not CPUs, bound it. */
    readonly waitingFanOut: { readonly instances: number; readonly size: number; readonly waitMs: number };
    /** maxConcurrentActivityFunctions of every worker process. */
    readonly activitySlotsPerWorker: number;
  };
}

const FULL: BenchSettings = {
  profile: 'full',
  instanceTimeoutMs: 120_000,
  fsyncProbeCount: 200,
  helloSequence: {
    runs: [
      { concurrency: 1, warmupInstances: 20, instances: 500 },
      { concurrency: 16, warmupInstances: 32, instances: 2000 },
    ],
    maxDurationMs: 10_000,
    repeats: 3,
  },
  fanOut: {
    runs: [
      { size: 100, instances: 20, repeats: 3 },
      { size: 1000, instances: 3, repeats: 3 },
      { size: 10_000, instances: 1, repeats: 3 },
    ],
    warmupSize: 20,
  },
  waitingInstances: { instances: 100_000, postgresInstances: 10_000, clientConcurrency: 64, rssSampleMs: 250, phaseTimeoutMs: 600_000 },
  instanceCache: { steps: 200, instances: 3, concurrency: 1, warmupSteps: 5 },
  externalEvents: { instances: 400, eventsPerInstance: 5, warmupInstances: 10 },
  entityOperations: {
    signals: 10_000,
    keys: [10, 1],
    warmupSignals: 100,
    calls: { concurrency: 16, warmupInstances: 16, instances: 400, callsPerInstance: 5, maxDurationMs: 20_000 },
  },
  scaleOut: {
    workers: [1, 2, 4],
    helloSequence: { concurrency: 32, warmupInstances: 64, instances: 3000, maxDurationMs: 10_000 },
    fanOut: { instances: 4, size: 1000 },
    waitingFanOut: { instances: 2, size: 500, waitMs: 100 },
    activitySlotsPerWorker: 20,
  },
};

const QUICK: BenchSettings = {
  profile: 'quick',
  instanceTimeoutMs: 30_000,
  fsyncProbeCount: 20,
  helloSequence: {
    runs: [
      { concurrency: 1, warmupInstances: 2, instances: 10 },
      { concurrency: 16, warmupInstances: 16, instances: 48 },
    ],
    maxDurationMs: 5_000,
    repeats: 1,
  },
  fanOut: {
    runs: [
      { size: 20, instances: 2, repeats: 1 },
      { size: 100, instances: 1, repeats: 1 },
    ],
    warmupSize: 5,
  },
  waitingInstances: { instances: 200, postgresInstances: 50, clientConcurrency: 16, rssSampleMs: 50, phaseTimeoutMs: 30_000 },
  instanceCache: { steps: 20, instances: 1, concurrency: 1, warmupSteps: 2 },
  externalEvents: { instances: 20, eventsPerInstance: 5, warmupInstances: 4 },
  entityOperations: {
    signals: 300,
    keys: [10, 1],
    warmupSignals: 20,
    calls: { concurrency: 4, warmupInstances: 4, instances: 16, callsPerInstance: 5, maxDurationMs: 5_000 },
  },
  scaleOut: {
    workers: [1, 2],
    helloSequence: { concurrency: 16, warmupInstances: 8, instances: 48, maxDurationMs: 2_000 },
    fanOut: { instances: 2, size: 50 },
    waitingFanOut: { instances: 1, size: 40, waitMs: 50 },
    activitySlotsPerWorker: 20,
  },
};

/** The settings of a profile. */
export function benchSettings(quick: boolean): BenchSettings {
  return quick ? QUICK : FULL;
}
