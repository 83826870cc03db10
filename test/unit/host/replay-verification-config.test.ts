import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHostConfig } from '../../../src/host/config/load-host-config';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';

const ENV = 'AzureFunctionsJobHost__extensions__durableTask__';
const cwd = mkdtempSync(join(tmpdir(), 'durable-ts-verification-config-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const withDurableTask = (settings: Record<string, unknown>) => ({ version: '2.0', extensions: { durableTask: settings } });

describe('replayVerification setting', () => {
  it('defaults to always outside production and to off in production', () => {
    expect(loadHostConfig({ cwd, env: {} }).replayVerification).toBe('always');
    expect(loadHostConfig({ cwd, env: { NODE_ENV: 'development' } }).replayVerification).toBe('always');
    expect(loadHostConfig({ cwd, env: { NODE_ENV: 'production' } }).replayVerification).toBe('off');
  });

  it('takes the mode and the sample rate from host.json, and the environment over it', () => {
    const hostJson = withDurableTask({ replayVerification: 'sample', replayVerificationSampleRate: 0.25 });
    expect(loadHostConfig({ cwd, env: { NODE_ENV: 'production' }, hostJson })).toMatchObject({ replayVerification: 'sample', replayVerificationSampleRate: 0.25 });
    const env = { [`${ENV}replayVerification`]: 'always', [`${ENV}replayVerificationSampleRate`]: '0.5' };
    expect(loadHostConfig({ cwd, env, hostJson })).toMatchObject({ replayVerification: 'always', replayVerificationSampleRate: 0.5 });
  });

  it.each([
    [{ replayVerification: 'sometimes' }, 'replayVerification', 'must be "always", "sample" or "off"'],
    [{ replayVerificationSampleRate: 0 }, 'replayVerificationSampleRate', 'must be greater than 0 and at most 1'],
    [{ replayVerificationSampleRate: 1.5 }, 'replayVerificationSampleRate', 'must be greater than 0 and at most 1'],
  ])('rejects %j naming the setting and what is accepted', (settings, path, accepted) => {
    let error: unknown;
    try {
      loadHostConfig({ cwd, env: {}, hostJson: withDurableTask(settings) });
    } catch (thrown) {
      error = thrown;
    }
    expect(isDurableErrorWithCode(error, 'CONFIGURATION_INVALID')).toBe(true);
    expect((error as Error).message).toContain(`extensions.durableTask.${path}`);
    expect((error as Error).message).toContain(accepted);
  });
});
