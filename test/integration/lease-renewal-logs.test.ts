import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, type DurableHost } from 'durable-ts';
import { createSqliteStorageProvider } from '../../src/storage/sqlite/sqlite-storage-factory';
import type { StorageProvider } from '../../src/storage/storage-provider';
import { pinoCapture } from '../support/pino-capture';
import { waitFor } from '../support/wait-for';

describe('lease renewal failures', () => {
  let host: DurableHost | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('are warnings with the owner, the work in progress and the error, tried again on the next tick', async () => {
    dir = mkdtempSync(join(tmpdir(), 'durable-ts-renewal-'));
    const storage = await createSqliteStorageProvider({ path: join(dir, 'durable.sqlite'), hubName: 'Renewal' });
    let failures = 0;
    // The renewal tick always ends with a reclaim of gone workers' leases: make the first two fail.
    const failing = new Proxy(storage, {
      get(target, key, receiver) {
        if (key === 'reclaimFromGoneWorkers') {
          return async (owner: string): Promise<number> => {
            if (failures++ < 2) throw new Error('connection reset while renewing');
            return target.reclaimFromGoneWorkers(owner);
          };
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as StorageProvider;
    const { logger, events } = pinoCapture('info');
    host = await createDurableHost({
      functions: [],
      env: {},
      cwd: dir,
      logger,
      storage: failing,
      hostJson: { version: '2.0', extensions: { durableTask: { hubName: 'Renewal', leaseDurationInSeconds: 1 } } },
    });
    await host.start();
    // Two failing renewal ticks, then one that succeeds (and logs nothing).
    await waitFor(() => (failures >= 3 ? true : undefined), 'a renewal tick after the failures', 10_000);
    const warnings = events('worker.lease-renewal.failed');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ level: 40, activities: 0, orchestrations: 0, err: { type: 'Error', message: 'connection reset while renewing' } });
    expect(typeof warnings[0]?.['owner']).toBe('string');
    expect(warnings[0]?.['retryInMs']).toBeGreaterThan(0);
    await host.stop();
    await storage.close();
  });
});
