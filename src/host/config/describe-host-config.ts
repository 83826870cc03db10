import { describePostgresConnection } from '../../storage/postgres/postgres-target';
import type { HostConfig, StorageProviderConfig } from './host-config';
import { formatTimeSpan } from './timespan';

/** A JSON-able view of the configuration for the start-up log (secrets left out). */
export interface HostConfigSummary {
  readonly hubName: string;
  readonly storageProvider: Readonly<Record<string, string>>;
  readonly maxConcurrentActivityFunctions: number;
  readonly maxConcurrentOrchestratorFunctions: number;
  readonly extendedSessionsEnabled: boolean;
  readonly localActivityDispatch: boolean;
  readonly localActivityBacklog: number;
  readonly eagerStart: boolean;
  readonly extendedSessionIdleTimeoutInSeconds: number;
  readonly maxCachedOrchestrations: number;
  /** `hh:mm:ss[.fff]`, as written in host.json. */
  readonly maxQueuePollingInterval: string;
  readonly leaseDurationInSeconds: number;
  readonly maxDequeueCount: number;
  readonly maxEntityOperationBatchSize: number;
  readonly maxPayloadSizeInBytes: number;
  readonly payloadCompressionThresholdInBytes: number;
  readonly replayVerification: string;
  readonly replayVerificationSampleRate: number;
  readonly defaultVersion: string | null;
  readonly httpRoutePrefix: string;
  /** `hh:mm:ss[.fff]`, or `"-1"` for no limit, as written in host.json. */
  readonly functionTimeout: string;
  readonly sources: readonly string[];
}

/**
 * Summarises `config` for the start-up log: every setting, timespans written `hh:mm:ss`, and
 * storage described without secrets (a provider with a connection string must redact it here).
 */
export function describeHostConfig(config: HostConfig): HostConfigSummary {
  return {
    hubName: config.hubName,
    storageProvider: describeStorage(config.storageProvider),
    maxConcurrentActivityFunctions: config.maxConcurrentActivityFunctions,
    maxConcurrentOrchestratorFunctions: config.maxConcurrentOrchestratorFunctions,
    extendedSessionsEnabled: config.extendedSessionsEnabled,
    localActivityDispatch: config.localActivityDispatch,
    localActivityBacklog: config.localActivityBacklog,
    eagerStart: config.eagerStart,
    extendedSessionIdleTimeoutInSeconds: config.extendedSessionIdleTimeoutInSeconds,
    maxCachedOrchestrations: config.maxCachedOrchestrations,
    maxQueuePollingInterval: formatTimeSpan(config.maxQueuePollingIntervalMs),
    leaseDurationInSeconds: config.leaseDurationInSeconds,
    maxDequeueCount: config.maxDequeueCount,
    maxEntityOperationBatchSize: config.maxEntityOperationBatchSize,
    maxPayloadSizeInBytes: config.maxPayloadBytes,
    payloadCompressionThresholdInBytes: config.payloadCompressionThresholdBytes,
    replayVerification: config.replayVerification,
    replayVerificationSampleRate: config.replayVerificationSampleRate,
    defaultVersion: config.defaultVersion ?? null,
    httpRoutePrefix: config.httpRoutePrefix,
    functionTimeout: config.functionTimeoutMs === null ? '-1' : formatTimeSpan(config.functionTimeoutMs),
    sources: config.sources,
  };
}

function describeStorage(storage: StorageProviderConfig): Readonly<Record<string, string>> {
  switch (storage.type) {
    case 'sqlite':
      return { type: storage.type, path: storage.path, synchronous: storage.synchronous };
    case 'postgres':
      return { type: storage.type, connection: describePostgresConnection(storage.connectionString), schema: storage.schema };
  }
}
