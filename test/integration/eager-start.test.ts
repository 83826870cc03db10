import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, isDurableErrorWithCode, type OrchestrationContext } from 'durable-ts';
import { createTestHost, type TestHost } from '../support/test-host';
import { describeIfPostgres, testPostgresUrl } from '../support/postgres';
import { waitFor } from '../support/wait-for';

@Activities()
class EagerSteps {
  @Activity('Eager_Step')
  step(n: number): number {
    return n + 1;
  }
}

@Orchestrator('Eager_Chain')
class EagerChain {
  async run(ctx: OrchestrationContext<void>): Promise<number> {
    let n = 0;
    for (let i = 0; i < 3; i++) n = await ctx.callActivity<number>('Eager_Step', n);
    return n;
  }
}

@Orchestrator('Eager_Waiter')
class EagerWaiter {
  async run(ctx: OrchestrationContext<void>): Promise<string> {
    return ctx.waitForExternalEvent<string>('go');
  }
}

const functions = [EagerSteps, EagerChain, EagerWaiter];

/**
 * Eager starts: a start from the host's own client is created leased to the host's worker, which
 * runs its first episode at once; with local activity dispatch, a chain of activities then needs
 * no claim at all. Starts that cannot be leased go the usual way, and slots are given back.
 */
function eagerStartSuite(label: string, storage: () => Record<string, unknown>): void {
  describe(`eager starts (${label})`, () => {
    const hosts: TestHost[] = [];
    afterEach(async () => {
      // The last host is the one still open (an earlier one may have been stopped, closing its storage).
      await hosts.at(-1)?.host.client.deleteHub();
      for (const t of hosts.splice(0).reverse()) await t.dispose();
    });

    async function open(durableTask: Record<string, unknown>, place: Record<string, unknown> = storage()): Promise<{ t: TestHost; claimed: () => number }> {
      const t = await createTestHost(functions, { ...place, ...durableTask });
      hosts.push(t);
      let claimed = 0;
      const claim = t.host.storage.claimOrchestrationWorkItems.bind(t.host.storage);
      t.host.storage.claimOrchestrationWorkItems = async (request) => {
        const items = await claim(request);
        claimed += items.length;
        return items;
      };
      await t.host.start();
      return { t, claimed: () => claimed };
    }

    async function runChains(t: TestHost, count: number): Promise<void> {
      const ids = await Promise.all(Array.from({ length: count }, () => t.host.client.startNew('Eager_Chain')));
      const done = await Promise.all(ids.map((id) => t.host.client.waitForCompletion(id, { timeoutMs: 20_000 })));
      expect(done.map((d) => [d.runtimeStatus, d.output])).toEqual(ids.map(() => ['Completed', 3]));
    }

    it('runs the first episodes of its own starts without claiming them', async () => {
      const { t, claimed } = await open({});
      await runChains(t, 6);
      expect(claimed()).toBe(0);
    });

    it('claims every start when eagerStart is off', async () => {
      const { t, claimed } = await open({ eagerStart: false });
      await runChains(t, 6);
      expect(claimed()).toBe(6);
    });

    it('gives the slot back when a start is refused', async () => {
      const { t, claimed } = await open({ maxConcurrentOrchestratorFunctions: 1 });
      await t.host.client.startNew('Eager_Waiter', { instanceId: 'waiting' });
      const refused: unknown = await t.host.client.startNew('Eager_Waiter', { instanceId: 'waiting' }).then(() => undefined, (e: unknown) => e);
      expect(isDurableErrorWithCode(refused, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      // With the one slot leaked, this start would never run.
      await runChains(t, 1);
      await t.host.client.raiseEvent('waiting', 'go', 'went');
      expect(await t.host.client.waitForCompletion('waiting', { timeoutMs: 20_000 })).toMatchObject({ runtimeStatus: 'Completed', output: 'went' });
      expect(claimed()).toBeGreaterThan(0); // the event's episode, at least
    });

    it('finishes the first episodes of the starts it took before it stops; a new host runs the rest', async () => {
      const place = storage();
      const first = await open({}, place);
      // First episodes wait at this gate until the host has begun to stop.
      let openGate: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      let held = 0;
      const provider = first.t.host.storage;
      const storeWithStart = provider.createInstancesWithFirstEpisodes?.bind(provider);
      if (storeWithStart !== undefined) {
        // The provider stores each start with its first episode: the starts answer after the gate.
        provider.createInstancesWithFirstEpisodes = async (owner, starts) => {
          held++;
          await gate;
          return storeWithStart(owner, starts);
        };
      } else {
        const commit = provider.commitOrchestrationEpisodeBatch.bind(provider);
        provider.commitOrchestrationEpisodeBatch = async (owner, commits) => {
          held++;
          await gate;
          return commit(owner, commits);
        };
      }
      const starting = Promise.all(Array.from({ length: 12 }, () => first.t.host.client.startNew('Eager_Chain')));
      await waitFor(() => held > 0, 'a first episode at the gate');
      const stopping = first.t.stop();
      openGate();
      await stopping;
      const ids = await starting;
      // Its storage is open before its worker starts: the first episodes are checked as the first host left them.
      const reopened = await createTestHost(functions, place, { dir: first.t.dir });
      hosts.push(reopened);
      for (const id of ids) expect((await reopened.host.storage.getInstance(id))?.historyLength).toBeGreaterThan(0);
      await reopened.host.start();
      const done = await Promise.all(ids.map((id) => reopened.host.client.waitForCompletion(id, { timeoutMs: 20_000 })));
      expect(done.map((d) => d.output)).toEqual(ids.map(() => 3));
    });
  });
}

eagerStartSuite('SQLite', () => ({}));

describeIfPostgres('eager starts on PostgreSQL', () => {
  eagerStartSuite('PostgreSQL', () => ({
    hubName: `Eager${randomUUID().replace(/-/g, '').slice(0, 10)}`,
    storageProvider: { type: 'postgres', connectionString: testPostgresUrl() },
  }));
});

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
    t = await createTestHost(functions, {});
    await t.host.start();
    return t;
  }

  it('costs one write transaction, and answers with the first episode stored', async () => {
    const { host } = await open();
    expect(host.storage.createInstancesWithFirstEpisodes).toBeDefined();
    const before = host.storage.stats().commits;
    await host.client.startNew('Eager_Waiter', { instanceId: 'waiting' });
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
    await host.client.startNew('Eager_Waiter', { instanceId: 'taken' });
    const history = await host.storage.getHistory('taken');
    const refused: unknown = await host.client.startNew('Eager_Waiter', { instanceId: 'taken' }).then(() => undefined, (e: unknown) => e);
    expect(isDurableErrorWithCode(refused, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
    expect(await host.storage.getHistory('taken')).toEqual(history);
  });

  it("replaces a finished instance's id the usual way, and runs the new execution to the end", async () => {
    const { host } = await open();
    await host.client.startNew('Eager_Chain', { instanceId: 'again' });
    const first = await host.client.waitForCompletion('again', { timeoutMs: 20_000 });
    await host.client.startNew('Eager_Chain', { instanceId: 'again' });
    const second = await host.client.waitForCompletion('again', { timeoutMs: 20_000 });
    expect([first.output, second.output]).toEqual([3, 3]);
    expect(second.runtimeStatus).toBe('Completed');
    expect(second.createdTime.getTime()).toBeGreaterThanOrEqual(first.createdTime.getTime());
  });
});
