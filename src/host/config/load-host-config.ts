import { resolve } from 'node:path';
import { ConfigurationError } from '../../model/errors/configuration-error';
import { applyEnvOverrides } from './apply-env-overrides';
import { describeIssues, formatJsonPath, type JsonPath } from './config-problems';
import { readEnvOverrides, type EnvOverrides } from './env-overrides';
import {
  DEFAULT_SQLITE_PATH,
  HOST_CONFIG_DEFAULTS as DEFAULTS,
  POSTGRES_URL_ENV,
  defaultMaxConcurrentFunctions,
  defaultReplayVerification,
  LOCAL_BACKLOG_PER_SLOT,
  type HostConfig,
  type StorageProviderConfig,
} from './host-config';
import { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_PAYLOAD_COMPRESSION_THRESHOLD_BYTES } from '../../model/payload-limits';
import { makeHostJsonCompatible } from './host-json-compat';
import { HOST_JSON_LEVELS, hostJsonSchema, type ParsedDurableTask, type ParsedLogLevel } from './host-json-schema';
import { resolveHttpSecurity, type HttpSecurityConfig } from './http-security-config';
import { readHostJson } from './read-host-json';

/** Where `loadHostConfig` reads settings from. */
export interface LoadHostConfigOptions {
  /** host.json content as an object (takes precedence over any file). */
  readonly hostJson?: unknown;
  /** Path of host.json (relative to `cwd`); it must exist. Default: `<cwd>/host.json` if present. */
  readonly hostJsonPath?: string;
  /** Environment variables (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths (default `process.cwd()`). */
  readonly cwd?: string;
}

/**
 * Loads the host configuration: defaults, then host.json (`extensions.durableTask`, Durable
 * Functions shape), then `AzureFunctionsJobHost__extensions__durableTask__*` environment variables.
 * @throws ConfigurationError listing every unknown or invalid setting with its host.json path or
 *   environment variable and what is accepted, or naming a host.json file that is not valid JSON.
 */
export function loadHostConfig(options: LoadHostConfigOptions = {}): HostConfig {
  const cwd = options.cwd ?? process.cwd();
  const raw = readHostJson({ ...options, cwd });
  const env = options.env ?? process.env;
  const compatible = makeHostJsonCompatible(raw.value, HOST_JSON_LEVELS, env);
  const overrides = readEnvOverrides(env);
  const hostJsonLabel = raw.file === undefined ? 'host.json' : `host.json (${raw.file})`;
  const parsed = hostJsonSchema.safeParse(applyEnvOverrides(compatible.value, overrides), { reportInput: true });
  const problems = [...overrides.problems];
  if (!parsed.success) problems.push(...describeIssues(parsed.error.issues, (path) => locate(path, overrides)));
  if (problems.length > 0 || !parsed.success) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new ConfigurationError(
      `The host configuration (${hostJsonLabel} and environment variables) is invalid, ${count}:\n  - ${problems.join('\n  - ')}`,
      problems,
    );
  }
  const sources = ['defaults', ...(raw.file === undefined && options.hostJson === undefined ? [] : [hostJsonLabel])];
  const durableTask = parsed.data.extensions?.durableTask ?? {};
  const storageProvider = resolveStorageProvider(durableTask.storageProvider, cwd, options.env ?? process.env);
  const variables = [...overrides.origins.values(), ...(storageProvider.fromEnv === undefined ? [] : [storageProvider.fromEnv])];
  if (variables.length > 0) sources.push(`environment (${variables.join(', ')})`);
  const http = parsed.data.extensions?.http;
  const httpSecurity = resolveHttpSecurity(http, options.env ?? process.env);
  const verification = durableTask.replayVerification ?? defaultReplayVerification(options.env ?? process.env);
  const config = resolveHostConfig({ ...durableTask, replayVerification: verification }, storageProvider.config, http?.routePrefix, sources, httpSecurity);
  return Object.freeze({
    ...config,
    functionTimeoutMs: parsed.data.functionTimeout ?? null,
    tracing: Object.freeze({
      traceInputsAndOutputs: durableTask.tracing?.traceInputsAndOutputs ?? false,
      traceReplayEvents: durableTask.tracing?.traceReplayEvents ?? false,
    }),
    logLevels: resolveLogLevels(parsed.data.logging?.logLevel),
    ignoredSettings: Object.freeze([...compatible.ignored]),
  });
}

/** Categories of the Durable Task tracking events, most specific first (matched case-insensitively). */
const DURABLE_TASK_CATEGORIES = ['host.triggers.durabletask', 'durabletask.core', 'durabletask'];

function resolveLogLevels(logLevel: Readonly<Record<string, ParsedLogLevel>> | undefined): HostConfig['logLevels'] {
  const byCategory = new Map(Object.entries(logLevel ?? {}).map(([category, level]) => [category.toLowerCase(), level]));
  const durableTask = DURABLE_TASK_CATEGORIES.map((category) => byCategory.get(category)).find((level) => level !== undefined);
  const fallback = byCategory.get('default');
  return Object.freeze({ ...(fallback !== undefined ? { default: fallback } : {}), ...(durableTask !== undefined ? { durableTask } : {}) });
}

function locate(path: JsonPath, overrides: EnvOverrides): string {
  const [first, second, ...rest] = path;
  const variable = first === 'extensions' && second === 'durableTask' ? overrides.origins.get(rest.map(String).join('.')) : undefined;
  return variable === undefined ? formatJsonPath(path) : `${variable} (environment variable)`;
}

/**
 * The storage settings with defaults filled in (SQLite when none is configured). A postgres
 * provider without a connection string takes DURABLE_PG_URL (reported in `fromEnv`); without
 * that too, `pg` falls back to the PG* variables.
 */
function resolveStorageProvider(
  storage: ParsedDurableTask['storageProvider'],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { config: StorageProviderConfig; fromEnv?: string } {
  if (storage?.type === 'postgres') {
    const fromEnv = storage.connectionString === undefined ? nonEmpty(env[POSTGRES_URL_ENV]) : undefined;
    const config = Object.freeze({
      type: 'postgres' as const,
      connectionString: storage.connectionString ?? fromEnv,
      schema: storage.schema ?? DEFAULTS.postgresSchema,
      preparedStatements: storage.preparedStatements ?? true,
    });
    return fromEnv === undefined ? { config } : { config, fromEnv: POSTGRES_URL_ENV };
  }
  const config = Object.freeze({
    type: 'sqlite' as const,
    path: resolve(cwd, storage?.path ?? DEFAULT_SQLITE_PATH),
    synchronous: storage?.synchronous ?? DEFAULTS.sqliteSynchronous,
  });
  return { config };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function resolveHostConfig(
  dt: ParsedDurableTask & Required<Pick<ParsedDurableTask, 'replayVerification'>>,
  storageProvider: StorageProviderConfig,
  routePrefix: string | undefined,
  sources: readonly string[],
  httpSecurity: HttpSecurityConfig | undefined,
): Omit<HostConfig, 'functionTimeoutMs' | 'ignoredSettings' | 'tracing' | 'logLevels'> {
  const concurrency = defaultMaxConcurrentFunctions();
  return Object.freeze({
    hubName: dt.hubName ?? DEFAULTS.hubName,
    storageProvider,
    maxConcurrentActivityFunctions: dt.maxConcurrentActivityFunctions ?? concurrency,
    maxConcurrentOrchestratorFunctions: dt.maxConcurrentOrchestratorFunctions ?? concurrency,
    extendedSessionsEnabled: dt.extendedSessionsEnabled ?? DEFAULTS.extendedSessionsEnabled,
    localActivityDispatch: dt.localActivityDispatch ?? DEFAULTS.localActivityDispatch,
    localActivityBacklog: dt.localActivityBacklog ?? LOCAL_BACKLOG_PER_SLOT * (dt.maxConcurrentActivityFunctions ?? concurrency),
    eagerStart: dt.eagerStart ?? DEFAULTS.eagerStart,
    extendedSessionIdleTimeoutInSeconds: dt.extendedSessionIdleTimeoutInSeconds ?? DEFAULTS.extendedSessionIdleTimeoutInSeconds,
    maxCachedOrchestrations: dt.maxCachedOrchestrations ?? DEFAULTS.maxCachedOrchestrations,
    maxQueuePollingIntervalMs: dt.maxQueuePollingInterval ?? DEFAULTS.maxQueuePollingIntervalMs,
    leaseDurationInSeconds: dt.leaseDurationInSeconds ?? DEFAULTS.leaseDurationInSeconds,
    maxDequeueCount: dt.maxDequeueCount ?? DEFAULTS.maxDequeueCount,
    maxEntityOperationBatchSize: dt.maxEntityOperationBatchSize ?? DEFAULTS.maxEntityOperationBatchSize,
    maxPayloadBytes: dt.maxPayloadSizeInBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    payloadCompressionThresholdBytes: dt.payloadCompressionThresholdInBytes ?? DEFAULT_PAYLOAD_COMPRESSION_THRESHOLD_BYTES,
    replayVerification: dt.replayVerification,
    replayVerificationSampleRate: dt.replayVerificationSampleRate ?? DEFAULTS.replayVerificationSampleRate,
    defaultVersion: dt.defaultVersion,
    httpRoutePrefix: routePrefix ?? DEFAULTS.httpRoutePrefix,
    ...(httpSecurity !== undefined ? { httpSecurity } : {}),
    sources: Object.freeze([...sources]),
  });
}
