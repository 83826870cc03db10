import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { EntityState, EntityStateResponse } from 'durable-ts';
import { durableFunctions } from '../../samples/generated/durable-functions';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { CounterSteps } from './support/counter-steps.orchestrator';

/** The Counter sample end to end through the generated entity proxies only. */
describe('the Counter sample through the generated entity proxies', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('signals with client.entities, calls from an orchestration with ctx.entities, and reads the typed state', async () => {
    t = await startTestHost([...durableFunctions, CounterSteps]);
    const client = t.host.client;
    const counter = client.entities.Counter('e2e');
    expect(counter.entityId).toEqual({ name: 'counter', key: 'e2e' });

    expect(await counter.readState()).toEqual({ entityExists: false });
    await counter.signal.add(3);
    const first = await waitFor(async () => {
      const state = await counter.readState();
      return state.entityState?.value === 3 ? state : undefined;
    }, 'the signalled add');
    expectTypeOf(first).toEqualTypeOf<EntityStateResponse<{ value: number }>>();
    expectTypeOf(first.entityState).toEqualTypeOf<EntityState<'Counter'> | undefined>();
    expect(first).toEqual({ entityExists: true, entityState: { value: 3 } });

    const instanceId = await client.startNew('Test_CounterSteps', { input: { key: 'e2e', add: 5 } });
    const status = await client.waitForCompletion<number>(instanceId, { timeoutMs: 30_000 });
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe(8);
    await waitFor(async () => (await counter.readState()).entityState?.value === 13, 'the orchestration\'s signal');

    // The same entity by id, and the built-in delete through the typed signal.
    expect(await client.readEntityState('@counter@e2e')).toEqual({ entityExists: true, entityState: { value: 13 } });
    await counter.signal.delete();
    await waitFor(async () => !(await counter.readState()).entityExists, 'the delete');
  });

  it('schedules a signal for later', async () => {
    t = await startTestHost(durableFunctions);
    const counter = t.host.client.entities.Counter('later');
    await counter.signal.add(1, { scheduledTime: new Date(Date.now() + 2_000) });
    expect(await counter.readState()).toEqual({ entityExists: false });
    await waitFor(async () => (await counter.readState()).entityState?.value === 1, 'the scheduled signal');
  });
});
