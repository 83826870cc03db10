import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from 'durable-ts';
import { loadHostConfig } from '../../../src/host/config/load-host-config';

const cwd = (): string => mkdtempSync(join(tmpdir(), 'durable-ts-http-config-'));

describe('HTTP security settings in the host configuration', () => {
  it('are absent when nothing is configured', () => {
    expect(loadHostConfig({ cwd: cwd(), env: {} }).httpSecurity).toBeUndefined();
  });

  it('come from extensions.http: function keys by name, base URL, allowed origins and hosts', () => {
    const config = loadHostConfig({
      cwd: cwd(),
      env: {},
      hostJson: {
        extensions: {
          http: {
            functionKeys: { web: 'k-web', ops: 'k-ops' },
            baseUrl: 'https://durable.example.com',
            cors: { allowedOrigins: ['https://app.example.com'] },
            allowedHosts: ['durable.internal'],
            exposeServerPaths: true,
          },
        },
      },
    });
    expect(config.httpSecurity).toEqual({
      functionKeys: { web: 'k-web', ops: 'k-ops' },
      baseUrl: 'https://durable.example.com',
      allowedOrigins: ['https://app.example.com'],
      allowedHosts: ['durable.internal'],
      exposeServerPaths: true,
    });
  });

  it('the environment wins: DURABLE_SYSTEM_KEY, DURABLE_FUNCTION_KEYS (named or bare), DURABLE_BASE_URL, DURABLE_ALLOW_UNAUTHENTICATED', () => {
    const config = loadHostConfig({
      cwd: cwd(),
      env: { DURABLE_SYSTEM_KEY: 'sys', DURABLE_FUNCTION_KEYS: 'web=k1, k2', DURABLE_BASE_URL: 'https://b.example', DURABLE_ALLOW_UNAUTHENTICATED: '1' },
      hostJson: { extensions: { http: { functionKeys: { old: 'revoked' }, baseUrl: 'https://a.example' } } },
    });
    expect(config.httpSecurity).toEqual({ systemKey: 'sys', functionKeys: { web: 'k1', key2: 'k2' }, baseUrl: 'https://b.example', allowUnauthenticated: true });
  });

  it('a misspelt or mistyped setting is a start-up error naming it', () => {
    const load = (http: unknown): unknown => {
      try {
        return loadHostConfig({ cwd: cwd(), env: {}, hostJson: { extensions: { http } } });
      } catch (error) {
        return error;
      }
    };
    for (const http of [{ functionKey: {} }, { functionKeys: ['k'] }, { cors: { origins: [] } }, { allowUnauthenticated: 'yes' }]) {
      const error = load(http);
      expect(isDurableErrorWithCode(error, 'CONFIGURATION_INVALID'), JSON.stringify(http)).toBe(true);
    }
  });
});
