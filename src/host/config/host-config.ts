import { availableParallelism } from 'node:os';
import type { ReplayVerificationMode } from '../../worker/replay-verifier';
import type { HttpSecurityConfig } from './http-security-config';
import type { ParsedLogLevel } from './host-json-schema';

/** The embedded SQLite provider (the default). */
export interface SqliteStorageConfig {
  readonly type: 'sqlite';
  /** Absolute path of the database file (host.json paths are resolved against the host's cwd). */
  readonly path: string;
  /**
   * SQLite `synchronous` pragma. `'full'` (default): a committed step survives power loss.
   * `'normal'`: faster with WAL, but survives only process crashes, not OS crashes or power loss.
   */
  readonly synchronous: 'full' | 'normal';
}

/** PostgreSQL, shared by many host processes (on many machines). */
export interface PostgresStorageConfig {
  readonly type: 'postgres';
  /**
   * `postgres://user:password@host:port/database`: from host.json or the environment
   * (`…__storageProvider__connectionString`, else `DURABLE_PG_URL`). When absent, the standard
   * `PG*` variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD) and libpq defaults apply.
   * May hold a password: never log it.
   */
  readonly connectionString: string | undefined;
  /** The PostgreSQL schema holding the tables (default `durable`); created if missing. */
  readonly schema: string;
  /** Parameterised statements run prepared, planned once per connection (default true; off behind a pooler that cannot keep them). */
  readonly preparedStatements: boolean;
}

/** The storage provider settings; a union on `type`, so more providers can be added. */
export type StorageProviderConfig = SqliteStorageConfig | PostgresStorageConfig;

/** The resolved host configuration: every setting with its default filled in. */
export interface HostConfig {
  /** Task hub name: 3–45 letters and digits, starting with a letter. */
  readonly hubName: string;
  readonly storageProvider: StorageProviderConfig;
  /** Activity work items one host runs at once. */
  readonly maxConcurrentActivityFunctions: number;
  /** Orchestration episodes one host runs at once. */
  readonly maxConcurrentOrchestratorFunctions: number;
  /** Keep live orchestrations in memory between episodes (the instance cache). */
  readonly extendedSessionsEnabled: boolean;
  /**
   * Run an episode's new activities in this host when it has room (leased in the episode's commit,
   * no claim), and commit a result with its cached orchestration's next episode (no inbox
   * message, no claim of the queue). Off: every activity and result goes through the queues.
   */
  readonly localActivityDispatch: boolean;
  /**
   * With localActivityDispatch: activities an episode may lease to this host beyond its free
   * activity slots; they wait here (leases renewed) and start as slots free. 0: only what has a slot.
   */
  readonly localActivityBacklog: number;
  /**
   * Start instances from this host's client leased to this host's worker when it has room, which
   * runs the first episode at once, without claiming it. Off: every start is claimed from the queue.
   */
  readonly eagerStart: boolean;
  /** Idle time after which a cached orchestration is evicted. */
  readonly extendedSessionIdleTimeoutInSeconds: number;
  /** Upper bound of the instance cache (least recently used evicted first). */
  readonly maxCachedOrchestrations: number;
  /** Longest wait between polls of an empty queue (polling backs off up to this). */
  readonly maxQueuePollingIntervalMs: number;
  /**
   * durable-ts setting: how long a worker owns a claimed work item before another worker may take
   * it (a crashed worker's items are picked up after this). Workers renew leases while they work.
   */
  readonly leaseDurationInSeconds: number;
  /** durable-ts setting: attempts after which a poison work item is failed instead of retried. */
  readonly maxDequeueCount: number;
  /** Operations one entity runs in one batch, committed together. */
  readonly maxEntityOperationBatchSize: number;
  /**
   * durable-ts setting: with the instance cache on, also replay each episode from history on a
   * fresh context and compare, so non-determinism fails on the first run: `'always'`, `'sample'`
   * (a fraction of episodes, `replayVerificationSampleRate`) or `'off'`. Default `'always'` unless
   * NODE_ENV is `production`, then `'off'`.
   */
  readonly replayVerification: ReplayVerificationMode;
  /** Fraction of episodes verified when `replayVerification` is `'sample'` (default 0.1). */
  readonly replayVerificationSampleRate: number;
  /** Version given to new orchestrations that are started without one. */
  readonly defaultVersion: string | undefined;
  /** `extensions.http.routePrefix`: prefix of app HTTP routes (default `'api'`). */
  readonly httpRoutePrefix: string;
  /** Keys, base URL, allowed origins and hosts of the HTTP server; absent when none is configured. */
  readonly httpSecurity?: HttpSecurityConfig;
  /**
   * `functionTimeout`: the longest an activity runs before it is abandoned and its orchestration
   * sees a TaskFailedError (ActivityTimeoutError inside); null for no limit (the default).
   */
  readonly functionTimeoutMs: number | null;
  /**
   * durable-ts setting `maxPayloadSizeInBytes`: the largest payload (JSON text of an input,
   * output, event, entity state, signal or activity result) accepted; larger ones get
   * PayloadTooLargeError and nothing is stored. Default 16 MiB.
   */
  readonly maxPayloadBytes: number;
  /** durable-ts setting `payloadCompressionThresholdInBytes`: payloads larger than this are stored compressed. Default 64 KiB. */
  readonly payloadCompressionThresholdBytes: number;
  /** `extensions.durableTask.tracing`: whether tracking events carry payloads, and are written for replayed history. */
  readonly tracing: { readonly traceInputsAndOutputs: boolean; readonly traceReplayEvents: boolean };
  /**
   * `logging.logLevel` as pino levels: `default` (the default logger's level unless
   * DURABLE_LOG_LEVEL/LOG_LEVEL is set) and the Durable Task category (`Host.Triggers.DurableTask`,
   * `DurableTask.Core` or `DurableTask`), which switches tracking events; absent when not set.
   */
  readonly logLevels: { readonly default?: ParsedLogLevel; readonly durableTask?: ParsedLogLevel };
  /** JSON paths of documented Durable Functions keys in host.json that mean nothing here (warned about at start-up). */
  readonly ignoredSettings: readonly string[];
  /** Where the settings came from, in order of precedence (for the start-up log). */
  readonly sources: readonly string[];
}

/** The default task hub name. */
export const DEFAULT_HUB_NAME = 'DurableTsHub';

/** The default SQLite database file, relative to the host's working directory. */
export const DEFAULT_SQLITE_PATH = '.durable/durable.sqlite';

/** Environment variable with the PostgreSQL connection string, used when the configuration gives none. */
export const POSTGRES_URL_ENV = 'DURABLE_PG_URL';

/** Defaults of the settings that do not depend on the machine or the working directory. */
export const HOST_CONFIG_DEFAULTS = {
  hubName: DEFAULT_HUB_NAME,
  extendedSessionsEnabled: true,
  localActivityDispatch: true,
  eagerStart: true,
  extendedSessionIdleTimeoutInSeconds: 30,
  maxCachedOrchestrations: 10_000,
  maxQueuePollingIntervalMs: 1_000,
  leaseDurationInSeconds: 30,
  maxDequeueCount: 5,
  maxEntityOperationBatchSize: 100,
  replayVerificationSampleRate: 0.1,
  httpRoutePrefix: 'api',
  sqliteSynchronous: 'full',
  postgresSchema: 'durable',
} as const;

/** Replay verification is on while developing and off in production (it replays every episode). */
export function defaultReplayVerification(env: Readonly<Record<string, string | undefined>>): ReplayVerificationMode {
  return env['NODE_ENV'] === 'production' ? 'off' : 'always';
}

/** Default localActivityBacklog: this many activities waiting per activity slot. */
export const LOCAL_BACKLOG_PER_SLOT = 4;

/** Default of both concurrency limits: 10 × the number of CPUs Node may use (at most 10000). */
export function defaultMaxConcurrentFunctions(): number {
  return Math.min(10 * availableParallelism(), 10_000);
}
