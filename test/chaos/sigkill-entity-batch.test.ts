import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, type DurableHost } from 'durable-ts';
import { ChildHost, chaosHostJson, makeTempDir, removeDir, silentLogger, waitUntilAsync } from './crash-harness';
import { SlowCounter } from './fixtures/slow-counter.entity';

const SIGNALS = 600;

describe('a worker killed in the middle of an entity batch', () => {
  let dir: string | undefined;
  let child: ChildHost | undefined;
  let host: DurableHost | undefined;
  afterEach(async () => {
    await child?.kill();
    await host?.stop();
    removeDir(dir);
    child = undefined;
    host = undefined;
    dir = undefined;
  });

  it('loses and doubles no operation', async () => {
    dir = makeTempDir();
    const hostJson = chaosHostJson(join(dir, 'chaos.sqlite')) as { extensions: { durableTask: Record<string, unknown> } };
    hostJson.extensions.durableTask.maxEntityOperationBatchSize = 40;
    // Queue every signal first (no worker running), so the child has a long batch queue to work through.
    host = await createDurableHost({ functions: [SlowCounter], hostJson, env: {}, logger: silentLogger });
    for (let i = 0; i < SIGNALS; i++) await host.client.signalEntity('@slowcounter@c', 'add', 1);
    const reader = host;
    const value = async (): Promise<number> => (await reader.client.readEntityState<{ value: number }>('@slowcounter@c')).entityState?.value ?? 0;

    child = ChildHost.spawnFixture('entity-child-host.ts', { hostJson }, dir);
    await waitUntilAsync(async () => (await value()) >= 80, { timeoutMs: 30_000, describe: () => `the child to run 80 operations; ${child?.describe()}` });
    await child.kill();
    const atKill = await value();
    expect(atKill).toBeLessThan(SIGNALS);

    // A new host on the same file finishes the queue after the dead worker's lease ends.
    await host.start();
    await waitUntilAsync(async () => (await value()) >= SIGNALS, { timeoutMs: 60_000, describe: () => `the counter to reach ${SIGNALS}` });
    const final = await reader.client.readEntityState<{ value: number; operations: number }>('@slowcounter@c');
    expect(final.entityState).toEqual({ value: SIGNALS, operations: SIGNALS });
    expect(await reader.storage.nextVisibleAt('orchestration', 0)).toBeUndefined();
  });
});
