/** One closed-loop configuration of the Hello Sequence scenario. */
export interface ClosedLoopRun {
  readonly concurrency: number;
  /** Instances run before measuring (JIT, SQLite page cache, statement cache). */
  readonly warmupInstances: number;
  readonly instances: number;
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
    /** No new instance starts after this long (keeps the bench bounded on slow disks). */
    readonly maxDurationMs: number;
  };
  readonly fanOut: {
    /** Activities per fan-out; one instance is measured for each size. */
    readonly sizes: readonly number[];
    /** Activities of the fan-out run once before measuring. */
    readonly warmupSize: number;
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
    /** Signals sent from the client, spread over `keys` counters. */
    readonly signals: number;
    readonly keys: number;
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
      { concurrency: 1, warmupInstances: 10, instances: 300 },
      { concurrency: 16, warmupInstances: 32, instances: 2000 },
    ],
    maxDurationMs: 20_000,
  },
  fanOut: { sizes: [100, 1000], warmupSize: 20 },
  instanceCache: { steps: 200, instances: 3, concurrency: 1, warmupSteps: 5 },
  externalEvents: { instances: 400, eventsPerInstance: 5, warmupInstances: 10 },
  entityOperations: {
    signals: 10_000,
    keys: 10,
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
  },
  fanOut: { sizes: [20, 100], warmupSize: 5 },
  instanceCache: { steps: 20, instances: 1, concurrency: 1, warmupSteps: 2 },
  externalEvents: { instances: 20, eventsPerInstance: 5, warmupInstances: 4 },
  entityOperations: {
    signals: 300,
    keys: 10,
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
