import { describe, expect, it } from 'vitest';
import { loadHostConfig } from '../../../src/host/config/load-host-config';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';

/** A host.json as a Durable Functions app on Azure Storage has it. */
const DURABLE_FUNCTIONS_HOST_JSON = {
  version: '2.0',
  logging: { applicationInsights: { samplingSettings: { isEnabled: true } } },
  extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' },
  functionTimeout: '00:10:00',
  extensions: {
    http: { routePrefix: 'api', maxOutstandingRequests: 200 },
    durableTask: {
      hubName: 'MyTaskHub',
      tracing: { traceInputsAndOutputs: false },
      notifications: { eventGrid: { topicEndpoint: 'https://x' } },
      useGracefulShutdown: true,
      useAppLease: true,
      workItemQueueVisibilityTimeout: '00:05:00',
      storageProvider: { connectionStringName: 'AzureWebJobsStorage', partitionCount: 4, controlQueueBatchSize: 32 },
      maxConcurrentActivityFunctions: 7,
    },
  },
};

function loadError(hostJson: unknown, env: Record<string, string> = {}): { problems: readonly string[] } {
  try {
    loadHostConfig({ hostJson, env });
  } catch (error) {
    expect(isDurableErrorWithCode(error, 'CONFIGURATION_INVALID')).toBe(true);
    return error as { problems: readonly string[] };
  }
  throw new Error('expected loadHostConfig to throw');
}

describe('an existing Durable Functions host.json starts the host', () => {
  it('accepts documented keys that mean nothing here and names each one, keeping the settings that do mean something', () => {
    const config = loadHostConfig({ hostJson: DURABLE_FUNCTIONS_HOST_JSON, env: {} });
    expect(config.ignoredSettings).toEqual([
      'logging.applicationInsights',
      'extensionBundle',
      'extensions.http.maxOutstandingRequests',
      'extensions.durableTask.notifications',
      'extensions.durableTask.useGracefulShutdown',
      'extensions.durableTask.useAppLease',
      'extensions.durableTask.workItemQueueVisibilityTimeout',
      'extensions.durableTask.storageProvider.connectionStringName',
      'extensions.durableTask.storageProvider.partitionCount',
      'extensions.durableTask.storageProvider.controlQueueBatchSize',
    ]);
    expect(config).toMatchObject({ hubName: 'MyTaskHub', maxConcurrentActivityFunctions: 7, functionTimeoutMs: 600_000, httpRoutePrefix: 'api' });
    expect(config.storageProvider.type).toBe('sqlite');
  });

  it('matches keys case-insensitively, as the Functions host does', () => {
    const config = loadHostConfig({
      hostJson: { Version: '2.0', Extensions: { DurableTask: { HubName: 'CasedHub', MAXCONCURRENTACTIVITYFUNCTIONS: 3, StorageProvider: { Type: 'sqlite', Synchronous: 'normal' }, Tracing: { TraceReplayEvents: true, Version: 'V2' } } } },
      env: {},
    });
    expect(config).toMatchObject({ hubName: 'CasedHub', maxConcurrentActivityFunctions: 3, storageProvider: { synchronous: 'normal' } });
    expect(config.ignoredSettings).toEqual(['extensions.durableTask.tracing.Version']);
    expect(config.tracing).toEqual({ traceInputsAndOutputs: false, traceReplayEvents: true });
  });

  it('takes %SettingName% in hubName from the environment, and says when the setting is missing', () => {
    const hostJson = { extensions: { durableTask: { hubName: '%MyTaskHub%' } } };
    expect(loadHostConfig({ hostJson, env: { MyTaskHub: 'FromEnvHub' } }).hubName).toBe('FromEnvHub');
    expect(loadError(hostJson).problems[0]).toContain('MyTaskHub');
    // The resolved value is validated like a written one.
    expect(loadError(hostJson, { MyTaskHub: 'no-dashes' }).problems[0]).toContain('extensions.durableTask.hubName');
  });

  it('still refuses a misspelt key, suggesting the accepted spelling', () => {
    const problems = loadError({ extensions: { durableTask: { maxConcurrentActivityFunction: 3, hubNmae: 'x' } } }).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("extensions.durableTask.maxConcurrentActivityFunction: unknown key; did you mean 'maxConcurrentActivityFunctions'?");
    expect(problems[1]).toContain("did you mean 'hubName'?");
  });

  it('functionTimeout: a timespan, "-1" or null for no limit; anything else is refused', () => {
    expect(loadHostConfig({ hostJson: { functionTimeout: '-1' }, env: {} }).functionTimeoutMs).toBeNull();
    expect(loadHostConfig({ hostJson: { functionTimeout: null }, env: {} }).functionTimeoutMs).toBeNull();
    expect(loadHostConfig({ hostJson: { functionTimeout: '1.00:00:00' }, env: {} }).functionTimeoutMs).toBe(86_400_000);
    for (const bad of ['5m', '00:00:00', 300]) expect(loadError({ functionTimeout: bad }).problems[0]).toContain('functionTimeout');
  });
});

describe('host.json logging', () => {
  it('reads logLevel as Azure Functions writes it: default, and the Durable Task category for tracking events', () => {
    const config = loadHostConfig({ hostJson: { logging: { logLevel: { default: 'Warning', 'Host.Triggers.DurableTask': 'information', Function: 'Error' } } }, env: {} });
    expect(config.logLevels).toEqual({ default: 'warn', durableTask: 'info' });
  });

  it('refuses a level it does not know, naming the accepted ones', () => {
    const { problems } = loadError({ logging: { logLevel: { default: 'Loud' } } });
    expect(problems.join('\n')).toContain('logging.logLevel.default');
    expect(problems.join('\n')).toContain('Trace, Debug, Information, Warning, Error, Critical or None');
  });
});
