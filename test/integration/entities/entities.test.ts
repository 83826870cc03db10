import { afterEach, describe, expect, it } from 'vitest';
import { isDurableError } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';

describe('durable entities', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('counts 1,000 signals from 10 concurrent clients exactly', async () => {
    t = await startTestHost(sampleFunctions);
    const client = t.host.client;
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (let i = 0; i < 100; i++) await client.signalEntity('@counter@busy', 'add', 1);
    }));
    const state = await waitFor(async () => {
      const s = await client.readEntityState<{ value: number }>('@counter@busy');
      return s.entityState?.value === 1000 ? s : undefined;
    }, 'the counter to reach 1000', 30_000);
    expect(state).toEqual({ entityExists: true, entityState: { value: 1000 } });
  });

  it('reads, resets and deletes state; names are case-insensitive; unknown entities do not exist', async () => {
    t = await startTestHost(sampleFunctions);
    const client = t.host.client;
    expect(await client.readEntityState('@counter@fresh')).toEqual({ entityExists: false });
    await client.signalEntity({ name: 'COUNTER', key: 'k' }, 'Add', 5);
    await waitFor(async () => (await client.readEntityState<{ value: number }>('@counter@k')).entityState?.value === 5, 'add');
    await client.signalEntity('@Counter@k', 'delete');
    await waitFor(async () => !(await client.readEntityState('@counter@k')).entityExists, 'delete');
    const listed = await client.listEntities({ entityName: 'counter', fetchState: true });
    expect(listed.entities.map((e) => e.id)).not.toContain('@counter@k');
  });

  it('moves money with 200 concurrent locked transfers between 5 accounts, never overdrawing and conserving the total', async () => {
    t = await startTestHost(sampleFunctions);
    const client = t.host.client;
    for (let a = 0; a < 5; a++) await client.signalEntity(`@account@a${a}`, 'deposit', 100);
    await waitFor(async () => {
      for (let a = 0; a < 5; a++) if ((await client.readEntityState<{ balance: number }>(`@account@a${a}`)).entityState?.balance !== 100) return false;
      return true;
    }, 'the deposits');
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.startNew('TransferFunds', { input: { from: `a${i % 5}`, to: `a${(i + 1 + (i % 4)) % 5}`, amount: 10 + (i % 7) * 15 } })),
    );
    const results = await Promise.all(ids.map((id) => client.waitForCompletion(id, { timeoutMs: 60_000 })));
    expect(results.every((r) => r.runtimeStatus === 'Completed')).toBe(true);
    let total = 0;
    for (let a = 0; a < 5; a++) {
      const balance = (await client.readEntityState<{ balance: number }>(`@account@a${a}`)).entityState?.balance ?? -1;
      expect(balance).toBeGreaterThanOrEqual(0);
      total += balance;
    }
    expect(total).toBe(500);
    expect(results.some((r) => r.output === true)).toBe(true);
  });

  it('starts an orchestration and signals a monitor entity when a counter crosses 100', async () => {
    t = await startTestHost(sampleFunctions);
    const client = t.host.client;
    for (const amount of [60, 30, 20, 50]) await client.signalEntity('@monitoredcounter@m1', 'add', amount);
    const done = await waitFor(async () => {
      const s = await client.getStatus('milestone-m1');
      return s?.runtimeStatus === 'Completed' ? s : undefined;
    }, 'MilestoneReached to complete');
    expect(done.output).toBe('counter m1 reached 110');
    const monitor = await waitFor(async () => {
      const s = await client.readEntityState<{ reached: unknown[] }>('@milestonemonitor@m1');
      return s.entityExists ? s : undefined;
    }, 'the monitor to record it');
    expect(monitor.entityState?.reached).toEqual([{ counter: 'm1', value: 110 }]);
  });

  it('rejects bad entity ids with a typed error and stores nothing', async () => {
    t = await startTestHost(sampleFunctions);
    for (const bad of ['counter@x', '@counter', '@@x', '@a@b/c']) {
      const error = await t.host.client.signalEntity(bad, 'add', 1).catch((e: unknown) => e);
      expect(isDurableError(error) && error.code, bad).toBe('INVALID_ARGUMENT');
    }
    expect((await t.host.client.listEntities()).entities).toEqual([]);
  });
});
