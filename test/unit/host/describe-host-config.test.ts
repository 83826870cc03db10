import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeHostConfig } from '../../../src/host/config/describe-host-config';
import { loadHostConfig } from '../../../src/host/config/load-host-config';

const cwd = mkdtempSync(join(tmpdir(), 'durable-ts-describe-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('describeHostConfig', () => {
  it('returns a JSON-able summary with the timespan written as in host.json', () => {
    const summary = describeHostConfig(loadHostConfig({ cwd, env: {} }));
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    expect(summary).toMatchObject({
      hubName: 'DurableTsHub',
      storageProvider: { type: 'sqlite', path: join(cwd, '.durable/durable.sqlite'), synchronous: 'full' },
      maxQueuePollingInterval: '00:00:01',
      defaultVersion: null,
      functionTimeout: '-1',
    });
    expect(describeHostConfig(loadHostConfig({ cwd, env: {}, hostJson: { functionTimeout: '00:05:00' } })).functionTimeout).toBe('00:05:00');
  });
});
