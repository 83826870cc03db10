/** Lower-case keys that are documented at one level of host.json and have no meaning here. */
export type IgnoredKeyLevel = ReadonlySet<string>;

function lowerCaseSet(keys: readonly string[]): IgnoredKeyLevel {
  return new Set(keys.map((key) => key.toLowerCase()));
}

/**
 * Keys of the Azure Functions host.json reference and the Durable Functions `durableTask`
 * reference that configure things durable-ts does not have (Azure Storage queues and partitions,
 * Application Insights, Event Grid notifications, the app lease, …). An existing host.json
 * carries them, so they are accepted and named in one start-up warning instead of stopping the
 * host; a key in none of these lists (and not one of ours) is still an error, so typos are caught.
 */
export const DOCUMENTED_IGNORED_KEYS = {
  root: lowerCaseSet([
    'aggregator', 'concurrency', 'console', 'customHandler', 'extensionBundle', 'functions', 'healthMonitor',
    'managedDependency', 'retry', 'singleton', 'telemetryMode', 'watchDirectories', 'watchFiles',
  ]),
  extensions: lowerCaseSet([
    'blobs', 'cosmosDB', 'eventGrid', 'eventHubs', 'kafka', 'queues', 'rabbitMQ', 'sendGrid', 'serviceBus', 'signalR', 'sql', 'twilio',
  ]),
  http: lowerCaseSet(['customHeaders', 'dynamicThrottlesEnabled', 'hsts', 'maxConcurrentRequests', 'maxOutstandingRequests']),
  durableTask: lowerCaseSet([
    'allowReplayingTerminalInstances', 'appLeaseOptions', 'azureStorageConnectionStringName', 'connectionName',
    'controlQueueBatchSize', 'controlQueueBufferThreshold', 'controlQueueVisibilityTimeout', 'customLifeCycleNotificationHelperType',
    'entityMessageReorderWindowInMinutes', 'httpSettings', 'localRpcEndpointEnabled',
    'maxConcurrentEntityFunctions', 'maxOrchestrationActions', 'notifications', 'overridableExistingInstanceStates', 'partitionCount',
    'storeInputsInOrchestrationHistory', 'trackingStoreConnectionStringName', 'trackingStoreNamePrefix', 'useAppLease',
    'useGracefulShutdown', 'useLegacyPartitionManagement', 'useTablePartitionManagement', 'versionFailureStrategy',
    'versionMatchStrategy', 'workItemQueueVisibilityTimeout',
  ]),
  logging: lowerCaseSet(['applicationInsights', 'console', 'fileLoggingMode']),
  tracing: lowerCaseSet(['allowVerboseLinuxTelemetry', 'distributedTracingEnabled', 'distributedTracingProtocol', 'version']),
  storageProvider: lowerCaseSet([
    'connectionName', 'connectionStringName', 'controlQueueBatchSize', 'controlQueueBufferThreshold', 'controlQueueVisibilityTimeout',
    'maxQueuePollingInterval', 'partitionCount', 'trackingStoreConnectionStringName', 'trackingStoreNamePrefix',
    'useLegacyPartitionManagement', 'useTablePartitionManagement', 'workItemQueueVisibilityTimeout',
  ]),
} as const satisfies Record<string, IgnoredKeyLevel>;
