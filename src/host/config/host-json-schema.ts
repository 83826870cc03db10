import { z } from 'zod';
import { TASK_HUB_NAME_PATTERN } from '../../model/task-hub-name';
import { httpSecurityShape } from './http-security-config';
import { integerInRange, strictObjectListingKeys } from './strict-object';
import { formatTimeSpan, parseTimeSpan } from './timespan';
import type { HostJsonLevel } from './host-json-compat';
import { DOCUMENTED_IGNORED_KEYS } from './ignored-host-json-keys';

const HUB_NAME = TASK_HUB_NAME_PATTERN;
const POSTGRES_SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const MIN_POLLING_MS = 10;
const MAX_POLLING_MS = 5 * 60_000;

/** `storageProvider` with `type: 'sqlite'`. */
export const sqliteStorageSchema = strictObjectListingKeys({
  type: z.literal('sqlite'),
  path: z.string({ error: 'must be a file path' }).min(1, { error: 'must be a file path' }).optional(),
  synchronous: z.enum(['full', 'normal'], { error: "must be 'full' or 'normal'" }).optional(),
});

/** `storageProvider` with `type: 'postgres'`. The connection string is never echoed in messages. */
export const postgresStorageSchema = strictObjectListingKeys({
  type: z.literal('postgres'),
  connectionString: z
    .string({ error: 'must be a connection string such as "postgres://user:password@host:5432/database"' })
    .min(1, { error: 'must be a connection string such as "postgres://user:password@host:5432/database"' })
    .optional(),
  schema: z
    .string({ error: 'must be a PostgreSQL schema name' })
    .regex(POSTGRES_SCHEMA_NAME, { error: 'must be 1 to 63 letters, digits or underscores, not starting with a digit' })
    .optional(),
  preparedStatements: z.boolean({ error: 'must be true or false' }).optional(),
});

/** `storageProvider`: a union on `type` (add a provider by adding a member). */
export const storageProviderSchema = z.discriminatedUnion('type', [sqliteStorageSchema, postgresStorageSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? "must be one of: 'sqlite', 'postgres'" : undefined),
});

/** A DF timespan string (`"hh:mm:ss[.fff]"`) between 10 ms and 5 minutes, parsed to milliseconds. */
const pollingIntervalSchema = z.string({ error: 'must be a timespan string "hh:mm:ss"' }).transform((text, ctx) => {
  const ms = parseTimeSpan(text);
  if (ms === undefined || ms < MIN_POLLING_MS || ms > MAX_POLLING_MS) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: `must be a timespan "hh:mm:ss[.fff]" from ${formatTimeSpan(MIN_POLLING_MS)} to ${formatTimeSpan(MAX_POLLING_MS)}`,
    });
    return z.NEVER;
  }
  return ms;
});

/** `extensions.durableTask.tracing`: what the tracking events carry (see the README's Logging). */
export const tracingSchema = strictObjectListingKeys({
  traceInputsAndOutputs: z.boolean({ error: 'must be true or false' }).optional(),
  traceReplayEvents: z.boolean({ error: 'must be true or false' }).optional(),
});

/** Azure Functions log levels, matched case-insensitively, as pino levels. */
const FUNCTIONS_LOG_LEVELS = { trace: 'trace', debug: 'debug', information: 'info', warning: 'warn', error: 'error', critical: 'fatal', none: 'silent' } as const;

/** One `logging.logLevel` value: `Trace` … `None`, as a pino level. */
const logLevelSchema = z.string({ error: 'must be a log level: Trace, Debug, Information, Warning, Error, Critical or None' }).transform((text, ctx) => {
  const level = FUNCTIONS_LOG_LEVELS[text.toLowerCase() as keyof typeof FUNCTIONS_LOG_LEVELS] as (typeof FUNCTIONS_LOG_LEVELS)[keyof typeof FUNCTIONS_LOG_LEVELS] | undefined;
  if (level === undefined) {
    ctx.issues.push({ code: 'custom', input: text, message: 'must be a log level: Trace, Debug, Information, Warning, Error, Critical or None' });
    return z.NEVER;
  }
  return level;
});

/** Top-level `logging`: `logLevel` maps categories (`default`, `DurableTask`, …) to levels. */
export const loggingSchema = strictObjectListingKeys({
  logLevel: z.record(z.string(), logLevelSchema, { error: 'must be an object of category: level' }).optional(),
});

/** `extensions.durableTask`: every setting optional; defaults are filled in by `loadHostConfig`. */
export const durableTaskSchema = strictObjectListingKeys({
  hubName: z
    .string({ error: 'must be a string' })
    .regex(HUB_NAME, { error: 'must be 3 to 45 letters and digits, starting with a letter' })
    .optional(),
  storageProvider: storageProviderSchema.optional(),
  maxConcurrentActivityFunctions: integerInRange(1, 10_000).optional(),
  maxConcurrentOrchestratorFunctions: integerInRange(1, 10_000).optional(),
  extendedSessionsEnabled: z.boolean({ error: 'must be true or false' }).optional(),
  localActivityDispatch: z.boolean({ error: 'must be true or false' }).optional(),
  localActivityBacklog: integerInRange(0, 100_000).optional(),
  eagerStart: z.boolean({ error: 'must be true or false' }).optional(),
  extendedSessionIdleTimeoutInSeconds: integerInRange(1, 86_400).optional(),
  maxCachedOrchestrations: integerInRange(1).optional(),
  maxQueuePollingInterval: pollingIntervalSchema.optional(),
  leaseDurationInSeconds: integerInRange(1, 3600).optional(),
  maxDequeueCount: integerInRange(1, 100).optional(),
  maxEntityOperationBatchSize: integerInRange(1, 5000).optional(),
  maxPayloadSizeInBytes: integerInRange(1024, 256 * 1024 * 1024).optional(),
  payloadCompressionThresholdInBytes: integerInRange(0, 256 * 1024 * 1024).optional(),
  defaultVersion: z.string({ error: 'must be a string' }).optional(),
  tracing: tracingSchema.optional(),
  replayVerification: z.enum(['always', 'sample', 'off'], { error: 'must be "always", "sample" or "off"' }).optional(),
  replayVerificationSampleRate: z
    .number({ error: 'must be a number' })
    .gt(0, { error: 'must be greater than 0 and at most 1' })
    .lte(1, { error: 'must be greater than 0 and at most 1' })
    .optional(),
});

/** `extensions.http`: the route prefix and the security settings. */
export const httpSchema = strictObjectListingKeys({
  routePrefix: z.string({ error: 'must be a string' }).optional(),
  ...httpSecurityShape,
});

/** The longest `functionTimeout` accepted, as on a dedicated Functions plan: unbounded is `"-1"`. */
const MAX_FUNCTION_TIMEOUT_MS = 365 * 24 * 3_600_000;

/**
 * `functionTimeout`: the longest an activity may run, as a timespan, or `"-1"` (or null) for no
 * limit — parsed to milliseconds, `null` meaning unbounded.
 */
const functionTimeoutSchema = z.union([z.string(), z.null()], { error: 'must be a timespan string "hh:mm:ss" or "-1"' }).transform((text, ctx) => {
  if (text === null || text.trim() === '-1') return null;
  const ms = parseTimeSpan(text);
  if (ms === undefined || ms < 1 || ms > MAX_FUNCTION_TIMEOUT_MS) {
    ctx.issues.push({ code: 'custom', input: text, message: `must be a timespan "[d.]hh:mm:ss[.fff]" above zero and at most ${MAX_FUNCTION_TIMEOUT_MS / 86_400_000} days, or "-1" for no limit` });
    return z.NEVER;
  }
  return ms;
});

/** `extensions`: the sections durable-ts reads. */
export const extensionsSchema = strictObjectListingKeys({
  durableTask: durableTaskSchema.optional(),
  http: httpSchema.optional(),
});

/** The whole host.json file, in the Durable Functions shape (after `makeHostJsonCompatible`). */
export const hostJsonSchema = strictObjectListingKeys({
  version: z.literal('2.0', { error: 'must be "2.0"' }).optional(),
  functionTimeout: functionTimeoutSchema.optional(),
  logging: loggingSchema.optional(),
  extensions: extensionsSchema.optional(),
});

/** The keys each level of host.json reads (from the schemas above) and the documented ones it ignores. */
export const HOST_JSON_LEVELS: HostJsonLevel = {
  keys: Object.keys(hostJsonSchema.shape),
  ignored: DOCUMENTED_IGNORED_KEYS.root,
  children: {
    logging: { keys: Object.keys(loggingSchema.shape), ignored: DOCUMENTED_IGNORED_KEYS.logging },
    extensions: {
      keys: Object.keys(extensionsSchema.shape),
      ignored: DOCUMENTED_IGNORED_KEYS.extensions,
      children: {
        http: { keys: Object.keys(httpSchema.shape), ignored: DOCUMENTED_IGNORED_KEYS.http },
        durableTask: {
          keys: Object.keys(durableTaskSchema.shape),
          ignored: DOCUMENTED_IGNORED_KEYS.durableTask,
          children: {
            tracing: { keys: Object.keys(tracingSchema.shape), ignored: DOCUMENTED_IGNORED_KEYS.tracing },
            storageProvider: {
              keys: [...new Set(storageProviderSchema.options.flatMap((option) => Object.keys(option.shape)))],
              ignored: DOCUMENTED_IGNORED_KEYS.storageProvider,
            },
          },
        },
      },
    },
  },
};

/** host.json after validation (timespans already in milliseconds). */
export type ParsedHostJson = z.output<typeof hostJsonSchema>;

/** A log level after parsing (pino's names). */
export type ParsedLogLevel = (typeof FUNCTIONS_LOG_LEVELS)[keyof typeof FUNCTIONS_LOG_LEVELS];

/** The parsed `extensions.durableTask` section. */
export type ParsedDurableTask = z.output<typeof durableTaskSchema>;
