import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHostConfig } from '../../../src/host/config/load-host-config';

const ENV = 'AzureFunctionsJobHost__extensions__durableTask__';

const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'durable-ts-config-'));
  created.push(dir);
  return dir;
}

describe('loadHostConfig', () => {
  it('fills every default when there is no host.json and no environment', () => {
    const cwd = tempDir();
    const config = loadHostConfig({ cwd, env: {} });
    expect(config).toEqual({
      hubName: 'DurableTsHub',
      storageProvider: { type: 'sqlite', path: join(cwd, '.durable/durable.sqlite'), synchronous: 'full' },
      maxConcurrentActivityFunctions: 10 * availableParallelism(),
      maxConcurrentOrchestratorFunctions: 10 * availableParallelism(),
      extendedSessionsEnabled: true,
      localActivityDispatch: true,
      localActivityBacklog: 4 * 10 * availableParallelism(),
      eagerStart: true,
      extendedSessionIdleTimeoutInSeconds: 30,
      maxCachedOrchestrations: 10_000,
      maxQueuePollingIntervalMs: 1000,
      leaseDurationInSeconds: 30,
      maxDequeueCount: 5,
      maxEntityOperationBatchSize: 100,
      maxPayloadBytes: 16 * 1024 * 1024,
      payloadCompressionThresholdBytes: 64 * 1024,
      replayVerification: 'always',
      replayVerificationSampleRate: 0.1,
      defaultVersion: undefined,
      httpRoutePrefix: 'api',
      functionTimeoutMs: null,
      tracing: { traceInputsAndOutputs: false, traceReplayEvents: false },
      logLevels: {},
      ignoredSettings: [],
      sources: ['defaults'],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes settings from a host.json object', () => {
    const cwd = tempDir();
    const config = loadHostConfig({
      cwd,
      env: {},
      hostJson: {
        version: '2.0',
        logging: { logLevel: { default: 'Information' } },
        extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' },
        functionTimeout: '00:05:00',
        extensions: {
          http: { routePrefix: '' },
          durableTask: {
            hubName: 'MyHub1',
            storageProvider: { type: 'sqlite', path: 'data/hub.db', synchronous: 'normal' },
            maxConcurrentActivityFunctions: 4,
            maxConcurrentOrchestratorFunctions: 2,
            extendedSessionsEnabled: false,
            localActivityDispatch: false,
            localActivityBacklog: 7,
            eagerStart: false,
            extendedSessionIdleTimeoutInSeconds: 90,
            maxCachedOrchestrations: 50,
            maxQueuePollingInterval: '00:00:00.250',
            leaseDurationInSeconds: 60,
            maxDequeueCount: 3,
            defaultVersion: '1.0',
          },
        },
      },
    });
    expect(config).toMatchObject({
      hubName: 'MyHub1',
      storageProvider: { type: 'sqlite', path: join(cwd, 'data/hub.db'), synchronous: 'normal' },
      maxConcurrentActivityFunctions: 4,
      maxConcurrentOrchestratorFunctions: 2,
      extendedSessionsEnabled: false,
      localActivityDispatch: false,
      localActivityBacklog: 7,
      eagerStart: false,
      extendedSessionIdleTimeoutInSeconds: 90,
      maxCachedOrchestrations: 50,
      maxQueuePollingIntervalMs: 250,
      leaseDurationInSeconds: 60,
      maxDequeueCount: 3,
      defaultVersion: '1.0',
      httpRoutePrefix: '',
    });
  });

  it('reads <cwd>/host.json when it exists, and a file at hostJsonPath', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'host.json'), '\uFEFF{ "version": "2.0", "extensions": { "durableTask": { "hubName": "FromCwd" } } }');
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(join(cwd, 'conf', 'other.json'), JSON.stringify({ extensions: { durableTask: { hubName: 'FromPath' } } }));
    expect(loadHostConfig({ cwd, env: {} }).hubName).toBe('FromCwd');
    const fromPath = loadHostConfig({ cwd, env: {}, hostJsonPath: 'conf/other.json' });
    expect(fromPath.hubName).toBe('FromPath');
    expect(fromPath.sources).toEqual(['defaults', `host.json (${join(cwd, 'conf', 'other.json')})`]);
  });

  it('keeps an absolute sqlite path and resolves a relative one against cwd', () => {
    const cwd = tempDir();
    const absolute = join(tempDir(), 'abs.sqlite');
    const sqlitePath = (path: string): string => {
      const { storageProvider } = loadHostConfig({ cwd, env: {}, hostJson: { extensions: { durableTask: { storageProvider: { type: 'sqlite', path } } } } });
      if (storageProvider.type !== 'sqlite') throw new Error(`expected sqlite, got ${storageProvider.type}`);
      return storageProvider.path;
    };
    expect(sqlitePath(absolute)).toBe(absolute);
    expect(sqlitePath('./x/../db.sqlite')).toBe(join(cwd, 'db.sqlite'));
  });

  it('defaults storageProvider.type to sqlite', () => {
    const cwd = tempDir();
    const config = loadHostConfig({ cwd, env: {}, hostJson: { extensions: { durableTask: { storageProvider: { path: 'a.db' } } } } });
    expect(config.storageProvider).toEqual({ type: 'sqlite', path: join(cwd, 'a.db'), synchronous: 'full' });
  });

  it('lets environment variables override host.json, matching setting names ignoring case', () => {
    const cwd = tempDir();
    const config = loadHostConfig({
      cwd,
      hostJson: { extensions: { durableTask: { hubName: 'FromJson', maxDequeueCount: 3, storageProvider: { type: 'sqlite', path: 'json.db' } } } },
      env: {
        [`${ENV}hubName`]: 'FromEnv',
        [`${ENV}MAXDEQUEUECOUNT`]: '7',
        [`${ENV}extendedSessionsEnabled`]: 'FALSE',
        [`${ENV}maxQueuePollingInterval`]: '00:00:05',
        [`${ENV}storageProvider__Synchronous`]: 'normal',
        AzureFunctionsJobHost__logging__logLevel__default: 'Debug',
        UNRELATED: 'x',
      },
    });
    expect(config).toMatchObject({
      hubName: 'FromEnv',
      maxDequeueCount: 7,
      extendedSessionsEnabled: false,
      maxQueuePollingIntervalMs: 5000,
      storageProvider: { type: 'sqlite', path: join(cwd, 'json.db'), synchronous: 'normal' },
    });
    expect(config.sources[2]).toContain(`${ENV}hubName`);
  });

  it('takes storageProvider fields from the environment without any host.json', () => {
    const cwd = tempDir();
    const config = loadHostConfig({ cwd, env: { [`${ENV}storageProvider__path`]: 'env.db' } });
    expect(config.storageProvider).toEqual({ type: 'sqlite', path: join(cwd, 'env.db'), synchronous: 'full' });
  });

  it('reads the payload limit and compression threshold from host.json and the environment, and refuses values out of range', () => {
    const cwd = tempDir();
    const config = loadHostConfig({
      cwd,
      env: { [`${ENV}payloadCompressionThresholdInBytes`]: '0' },
      hostJson: { extensions: { durableTask: { maxPayloadSizeInBytes: 10_485_760 } } },
    });
    expect(config).toMatchObject({ maxPayloadBytes: 10_485_760, payloadCompressionThresholdBytes: 0 });
    expect(() => loadHostConfig({ cwd, env: {}, hostJson: { extensions: { durableTask: { maxPayloadSizeInBytes: 100 } } } })).toThrow(
      /maxPayloadSizeInBytes: must be an integer from 1024 to 268435456/,
    );
  });
});
