import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHostConfig, type LoadHostConfigOptions } from '../../../src/host/config/load-host-config';
import { ConfigurationError } from '../../../src/model/errors/configuration-error';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';

const ENV = 'AzureFunctionsJobHost__extensions__durableTask__';
const cwd = mkdtempSync(join(tmpdir(), 'durable-ts-config-errors-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function configError(options: LoadHostConfigOptions): ConfigurationError {
  try {
    loadHostConfig({ cwd, env: {}, ...options });
  } catch (error) {
    expect(isDurableErrorWithCode(error, 'CONFIGURATION_INVALID')).toBe(true);
    return error as ConfigurationError;
  }
  throw new Error('expected loadHostConfig to throw');
}

function durableTask(settings: Record<string, unknown>): LoadHostConfigOptions {
  return { hostJson: { version: '2.0', extensions: { durableTask: settings } } };
}

describe('loadHostConfig rejects unknown keys at every level, with the path and the accepted keys', () => {
  it.each([
    ['top level', { version: '2.0', watchDirectorys: ['x'] }, 'watchDirectorys', 'version, functionTimeout, logging, extensions'],
    ['extensions', { extensions: { durableTaks: {} } }, 'extensions.durableTaks', 'durableTask, http'],
    ['extensions.http', { extensions: { http: { routePrefx: 'x' } } }, 'extensions.http.routePrefx', 'routePrefix'],
    ['durableTask', { extensions: { durableTask: { hubname2: 'x' } } }, 'extensions.durableTask.hubname2', 'hubName, storageProvider'],
    [
      'storageProvider',
      { extensions: { durableTask: { storageProvider: { type: 'sqlite', pathh: 'x' } } } },
      'extensions.durableTask.storageProvider.pathh',
      'type, path, synchronous',
    ],
  ])('at %s', (_level, hostJson, path, accepted) => {
    const error = configError({ hostJson });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`${path}: unknown key`);
    expect(error.problems[0]).toContain(accepted);
    expect(error.message).toContain(path);
  });

  it('lists every problem at once', () => {
    const error = configError({
      hostJson: { foo: 1, extensions: { durableTask: { a: 1, b: 2, hubName: '1bad', maxDequeueCount: 0 } } },
    });
    expect(error.problems).toHaveLength(5);
  });
});

describe('loadHostConfig rejects invalid values', () => {
  it.each([
    ['a wrong type', { maxConcurrentActivityFunctions: '10' }, 'extensions.durableTask.maxConcurrentActivityFunctions', 'integer from 1 to 10000'],
    ['a non-integer', { leaseDurationInSeconds: 1.5 }, 'extensions.durableTask.leaseDurationInSeconds', 'integer from 1 to 3600'],
    ['a number above the range', { maxConcurrentOrchestratorFunctions: 10_001 }, 'maxConcurrentOrchestratorFunctions', 'from 1 to 10000'],
    ['a number below the range', { maxDequeueCount: 0 }, 'maxDequeueCount', 'from 1 to 100'],
    ['a non-boolean', { extendedSessionsEnabled: 'yes' }, 'extendedSessionsEnabled', 'true or false'],
    ['a too short hub name', { hubName: 'ab' }, 'hubName', 'starting with a letter'],
    ['a hub name starting with a digit', { hubName: '1Hub' }, 'hubName', '3 to 45 letters and digits'],
    ['a hub name with a dash', { hubName: 'my-hub' }, 'hubName', 'letters and digits'],
    ['a too long hub name', { hubName: `H${'a'.repeat(45)}` }, 'hubName', '3 to 45'],
    ['an unparsable timespan', { maxQueuePollingInterval: '5s' }, 'maxQueuePollingInterval', 'hh:mm:ss'],
    ['a too short polling interval', { maxQueuePollingInterval: '00:00:00.001' }, 'maxQueuePollingInterval', '00:00:00.010'],
    ['a too long polling interval', { maxQueuePollingInterval: '00:05:01' }, 'maxQueuePollingInterval', '00:05:00'],
    ['an unknown storage type', { storageProvider: { type: 'mssql' } }, 'storageProvider.type', "'sqlite'"],
    ['a bad synchronous mode', { storageProvider: { type: 'sqlite', synchronous: 'off' } }, 'storageProvider.synchronous', "'full' or 'normal'"],
  ])('%s', (_label, settings, path, accepted) => {
    const error = configError(durableTask(settings));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(path);
    expect(error.problems[0]).toContain(accepted);
  });

  it('names the value it got', () => {
    expect(configError(durableTask({ hubName: '1Hub' })).problems[0]).toContain('(got "1Hub")');
    expect(configError(durableTask({ storageProvider: { type: 'mssql' } })).problems[0]).toContain('(got "mssql")');
    expect(configError(durableTask({ storageProvider: 'sqlite' })).problems[0]).toContain('(got "sqlite")');
  });

  it.each([
    ['an array document', [1, 2]],
    ['a wrong version', { version: '1.0' }],
    ['extensions that are not an object', { extensions: 'durableTask' }],
  ])('rejects %s', (_label, hostJson) => {
    expect(configError({ hostJson }).problems).toHaveLength(1);
  });
});

describe('loadHostConfig reports host.json files it cannot use', () => {
  it('names a file that is not valid JSON, with the parse error', () => {
    const file = join(cwd, 'broken.json');
    writeFileSync(file, '{ "version": "2.0", ');
    const error = configError({ hostJsonPath: 'broken.json' });
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not valid JSON: .*JSON/);
    expect(error.problems[0]).toContain(file);
  });

  it('names a hostJsonPath that does not exist', () => {
    expect(configError({ hostJsonPath: 'missing.json' }).message).toContain(join(cwd, 'missing.json'));
  });
});

describe('loadHostConfig rejects bad environment variables, naming them', () => {
  it.each([
    [`${ENV}maxConcurrentActivityFunctions`, 'many', 'integer from 1 to 10000'],
    [`${ENV}maxConcurrentActivityFunctions`, '0', 'integer from 1 to 10000'],
    [`${ENV}extendedSessionsEnabled`, 'yes', 'true or false'],
    [`${ENV}hubName`, 'my_hub', 'letters and digits'],
    [`${ENV}storageProvider__type`, 'mssql', "'sqlite', 'postgres'"],
    [`${ENV}storageProvider__synchronous`, 'OFF', "'full' or 'normal'"],
    [`${ENV}hubNam`, 'x', 'unknown setting "hubNam"'],
    [`${ENV}storageProvider__file`, 'x', 'unknown storageProvider field "file"'],
    [`${ENV}storageProvider`, 'x', 'storageProvider is an object'],
    [`${ENV}hubName__x`, 'x', 'no nested settings'],
  ])('%s=%j', (variable, value, expected) => {
    const error = configError({ env: { [variable]: value } });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`${variable} (environment variable)`);
    expect(error.problems[0]).toContain(expected);
  });

  it('refuses two variables that set one setting with different case', () => {
    const error = configError({ env: { [`${ENV}hubName`]: 'One', [`${ENV}HUBNAME`]: 'Two' } });
    expect(error.problems[0]).toContain('remove one of them');
  });

  it('a valid environment value fixes an invalid host.json value, because it wins', () => {
    expect(loadHostConfig({ cwd, ...durableTask({ hubName: '1Bad' }), env: { [`${ENV}hubName`]: 'Good' } }).hubName).toBe('Good');
  });
});
