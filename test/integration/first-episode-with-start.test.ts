import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, isDurableErrorWithCode, type OrchestrationContext } from 'durable-ts';
import { createTestHost, type TestHost } from '../support/test-host';

@Activities()
class StartSteps {
  @Activity('WithStart_Step')
  step(n: number): number {
    return n + 1;
  }
}

@Orchestrator('WithStart_Chain')
class StartChain {
  async run(ctx: OrchestrationContext<void>): Promise<number> {
    let n = 0;
    for (let i = 0; i < 3; i++) n = await ctx.callActivity<number>('WithStart_Step', n);
    return n;
  }
}

@Orchestrator('WithStart_Waiter')
class StartWaiter {
  async run(ctx: OrchestrationContext<void>): Promise<string> {
    return ctx.waitForExternalEvent<string>('go');
  }
}

/**
 * On SQLite an eager start is stored together with its first episode: one write transaction for
 * both, and startNew answers once the episode is stored. Ids that are taken or finished behave as
 * for any start.
 */
describe('a start stored with its first episode (SQLite)', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function open(): Promise<TestHost> {
    t = await createTestHost([StartSteps, StartChain, StartWaiter], {});
    await t.host.start();
    return t;
  }

  it('costs one write transaction, and answers with the first episode stored', async () => {
    const { host } = await open();
    expect(host.storage.createInstancesWithFirstEpisodes).toBeDefined();
    const before = host.storage.stats().commits;
    await host.client.startNew('WithStart_Waiter', { instanceId: 'waiting' });
    expect(host.storage.stats().commits - before).toBe(1);
    expect(await host.storage.getInstance('waiting')).toMatchObject({ runtimeStatus: 'Running' });
    expect((await host.storage.getHistory('waiting')).map((e) => e.type)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'OrchestratorCompleted']);
    // Nothing left in its inbox: the ExecutionStarted was never stored as a message.
    expect(await host.storage.pendingWork(Date.now() + 60_000)).toMatchObject({ orchestration: { pending: 0 } });
    await host.client.raiseEvent('waiting', 'go', 'went');
    expect(await host.client.waitForCompletion('waiting', { timeoutMs: 20_000 })).toMatchObject({ runtimeStatus: 'Completed', output: 'went' });
  });

  it('refuses a start whose instance is running, and leaves that instance as it was', async () => {
    const { host } = await open();
    await host.client.startNew('WithStart_Waiter', { instanceId: 'taken' });
    const history = await host.storage.getHistory('taken');
    const refused: unknown = await host.client.startNew('WithStart_Waiter', { instanceId: 'taken' }).then(() => undefined, (e: unknown) => e);
    expect(isDurableErrorWithCode(refused, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
    expect(await host.storage.getHistory('taken')).toEqual(history);
  });

  it("replaces a finished instance's id the usual way, and runs the new execution to the end", async () => {
    const { host } = await open();
    await host.client.startNew('WithStart_Chain', { instanceId: 'again' });
    const first = await host.client.waitForCompletion('again', { timeoutMs: 20_000 });
    await host.client.startNew('WithStart_Chain', { instanceId: 'again' });
    const second = await host.client.waitForCompletion('again', { timeoutMs: 20_000 });
    expect([first.output, second.output]).toEqual([3, 3]);
    expect(second.runtimeStatus).toBe('Completed');
    expect(second.createdTime.getTime()).toBeGreaterThanOrEqual(first.createdTime.getTime());
  });
});
