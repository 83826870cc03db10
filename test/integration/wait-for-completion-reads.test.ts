import { afterEach, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, type OrchestrationContext } from 'durable-ts';
import { createTestHost, type TestHost } from '../support/test-host';

@Activities()
class ReadSteps {
  @Activity('Reads_Step')
  step(n: number): number {
    return n + 1;
  }
}

@Orchestrator('Reads_Chain')
class ReadChain {
  async run(ctx: OrchestrationContext<void>): Promise<number> {
    let n = 0;
    for (let i = 0; i < 4; i++) n = await ctx.callActivity<number>('Reads_Step', n);
    return n;
  }
}

let t: TestHost | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

it('waitForCompletion reads the instance only for changes that can end the wait', async () => {
  t = await createTestHost([ReadSteps, ReadChain], {});
  const storage = t.host.storage;
  const get = storage.getInstance.bind(storage);
  let reads = 0;
  storage.getInstance = async (instanceId) => {
    reads++;
    return get(instanceId);
  };
  const id = await t.host.client.startNew('Reads_Chain');
  const waiting = t.host.client.waitForCompletion(id, { timeoutMs: 20_000, pollIntervalMs: 60_000 });
  await t.host.start();
  const done = await waiting;
  expect(done.output).toBe(4);
  // Five episodes commit; the four that leave it Running announce so and cost no read: the
  // first read, and the one after the completing commit.
  expect(reads).toBe(2);
});
