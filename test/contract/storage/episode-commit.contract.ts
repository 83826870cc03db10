import { describe, expect, it } from 'vitest';
import {
  claimOne,
  episodeFor,
  eventRaised,
  LEASE_MS,
  newInstance,
  orchestratorStarted,
  T0,
  taskScheduled,
  useProvider,
  type MakeStorageProvider,
} from './storage-fixtures';
import { storedHistoryText } from './storage-observe';

export function describeEpisodeCommitContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: committing episodes`, () => {
    const provider = useProvider(makeProvider);

    it('appends history in order, updates the row, releases the lease and creates activities and messages', async () => {
      const created = newInstance('i1');
      await provider().createInstance(created);
      await provider().createInstance(newInstance('other'));
      const [item] = (await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0, leaseMs: LEASE_MS, maxItems: 1 }));
      if (item === undefined) throw new Error('nothing claimed');
      const commit = episodeFor(item, {
        newHistory: [orchestratorStarted(T0 + 1), created.startEvent, taskScheduled(0), taskScheduled(1, 'SayBye')],
        update: { runtimeStatus: 'Running', customStatus: '{"step":1}', lastUpdatedAt: T0 + 7 },
        activities: [
          { taskId: 0, name: 'SayHello', input: '"Tokyo"', visibleAt: T0 + 1 },
          { taskId: 1, name: 'SayBye', visibleAt: T0 + 1 },
        ],
        messages: [{ instanceId: 'other', event: eventRaised('ping', '42'), visibleAt: T0 + 2 }],
      });
      expect(await provider().commitOrchestrationEpisodes('worker-a', [commit])).toEqual(['committed']);

      expect(await provider().getHistory('i1')).toEqual(commit.newHistory);
      expect(await provider().getInstance('i1')).toEqual({
        instanceId: 'i1',
        executionId: 'i1-exec-1',
        name: 'HelloCities',
        runtimeStatus: 'Running',
        input: '"Tokyo"',
        customStatus: '{"step":1}',
        createdAt: new Date(T0),
        lastUpdatedAt: new Date(T0 + 7),
        historyLength: 4,
      });
      const activities = await provider().claimActivityWorkItems({ owner: 'act', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
      expect(activities.map(({ workItemId: _id, ...rest }) => rest)).toEqual([
        { instanceId: 'i1', executionId: 'i1-exec-1', taskId: 0, name: 'SayHello', input: '"Tokyo"', dequeueCount: 1, leaseExpiresAt: T0 + 1 + LEASE_MS },
        { instanceId: 'i1', executionId: 'i1-exec-1', taskId: 1, name: 'SayBye', dequeueCount: 1, leaseExpiresAt: T0 + 1 + LEASE_MS },
      ]);
      // i1's message was consumed and its lease released; 'other' has its start and the new message.
      const next = await provider().claimOrchestrationWorkItems({ owner: 'worker-b', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 10 });
      expect(next.map((w) => w.instance.instanceId)).toEqual(['other']);
      expect(next[0]?.messages.map((m) => m.event.type)).toEqual(['ExecutionStarted', 'EventRaised']);
    });

    it('deletes only the consumed messages: one that arrived after the claim survives', async () => {
      await provider().createInstance(newInstance('target'));
      await provider().createInstance(newInstance('sender', { createdAt: T0 + 1 }));
      const items = await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 2 });
      const target = items.find((i) => i.instance.instanceId === 'target');
      const sender = items.find((i) => i.instance.instanceId === 'sender');
      if (target === undefined || sender === undefined) throw new Error('both instances should be claimed');
      const sent = eventRaised('approval', '"yes"');
      await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(sender, { messages: [{ instanceId: 'target', event: sent, visibleAt: T0 + 2 }] })]);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(target)])).toEqual(['committed']);

      const again = await claimOne(provider(), 'worker-a', T0 + 3);
      expect(again.instance).toMatchObject({ instanceId: 'target', historyLength: 2 });
      expect(again.messages.map((m) => m.event)).toEqual([sent]);
      expect(again.messages[0]?.dequeueCount).toBe(1);
    });

    it('leaves output, failure details, custom status and completedAt alone when an update omits them', async () => {
      await provider().createInstance(newInstance('i1'));
      const first = await claimOne(provider());
      const failure = { errorType: 'Error', message: 'boom', innerFailure: { errorType: 'TypeError', message: 'inner' } };
      await provider().commitOrchestrationEpisodes(
        'worker-a',
        [episodeFor(first, { update: { runtimeStatus: 'Failed', output: '"out"', failureDetails: failure, customStatus: '"cs"', completedAt: T0 + 3 }, messages: [{ instanceId: 'i1', event: eventRaised('late'), visibleAt: T0 + 5 }] })]
      );
      const second = await claimOne(provider(), 'worker-a', T0 + 5);
      await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(second, { update: { runtimeStatus: 'Failed', lastUpdatedAt: T0 + 6 } })]);
      expect(await provider().getInstance('i1')).toMatchObject({
        runtimeStatus: 'Failed',
        output: '"out"',
        failureDetails: failure,
        customStatus: '"cs"',
        completedAt: new Date(T0 + 3),
        lastUpdatedAt: new Date(T0 + 6),
        historyLength: 4,
      });
    });

    it('refuses a commit with a stale expectedHistoryLength or another executionId and writes nothing', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider());
      const stale = episodeFor(item, { expectedHistoryLength: 5, activities: [{ taskId: 0, name: 'A', visibleAt: T0 }] });
      const otherExecution = episodeFor(item, { executionId: 'someone-else', messages: [{ instanceId: 'i1', event: eventRaised('x'), visibleAt: T0 }] });
      expect(await provider().commitOrchestrationEpisodes('worker-a', [stale])).toEqual(['lease-lost']);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [otherExecution])).toEqual(['lease-lost']);
      expect(await provider().getHistory('i1')).toEqual([]);
      expect(await provider().getInstance('i1')).toMatchObject({ runtimeStatus: 'Pending', historyLength: 0 });
      expect(await provider().claimActivityWorkItems({ owner: 'a', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 5 })).toEqual([]);
      // Nothing was written, so the lease is still worker-a's and the right commit goes through.
      expect(await provider().claimOrchestrationWorkItems({ owner: 'worker-b', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 5 })).toEqual([]);
      expect(await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(item)])).toEqual(['committed']);
    });

    it('commits the good episodes of a batch and skips the lease-lost ones, reporting outcomes in input order', async () => {
      for (const id of ['a', 'b', 'c']) await provider().createInstance(newInstance(id));
      const items = await provider().claimOrchestrationWorkItems({ owner: 'worker-a', now: T0, leaseMs: LEASE_MS, maxItems: 3 });
      const byId = new Map(items.map((i) => [i.instance.instanceId, i]));
      const commitFor = (id: string) => {
        const item = byId.get(id);
        if (item === undefined) throw new Error(`${id} not claimed`);
        return episodeFor(item);
      };
      const lost = { ...commitFor('b'), expectedHistoryLength: 99 };
      const outcomes = await provider().commitOrchestrationEpisodes('worker-a', [commitFor('a'), lost, commitFor('c')]);
      expect(outcomes).toEqual(['committed', 'lease-lost', 'committed']);
      expect(await provider().getHistory('a')).toHaveLength(2);
      expect(await provider().getHistory('b')).toEqual([]);
      expect(await provider().getHistory('c')).toHaveLength(2);
      expect(await provider().getInstance('b')).toMatchObject({ runtimeStatus: 'Pending', historyLength: 0 });
    });

    it('treats a second commit of the same claim as lease-lost (the first released the lease)', async () => {
      await provider().createInstance(newInstance('i1'));
      const item = await claimOne(provider());
      const outcomes = await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(item), episodeFor(item)]);
      expect(outcomes).toEqual(['committed', 'lease-lost']);
      expect(await provider().getHistory('i1')).toHaveLength(2);
    });

    it("stores a failure's details once, and reads them back on the row and in the ExecutionCompleted event", async () => {
      await provider().createInstance(newInstance('failing'));
      const item = await claimOne(provider());
      const failureDetails = { errorType: 'RangeError', message: 'm'.repeat(5_000), stackTrace: 's'.repeat(5_000) };
      const completed = { type: 'ExecutionCompleted' as const, eventId: -1, timestamp: new Date(T0 + 1).toISOString(), orchestrationStatus: 'Failed' as const, failureDetails };
      const base = episodeFor(item);
      const commit = { ...base, newHistory: [...base.newHistory, completed], update: { ...base.update, runtimeStatus: 'Failed' as const, failureDetails, completedAt: T0 + 1 } };
      expect(await provider().commitOrchestrationEpisodes('worker-a', [commit])).toEqual(['committed']);

      expect((await provider().getInstance('failing'))?.failureDetails).toEqual(failureDetails);
      expect(await provider().getHistory('failing')).toEqual(commit.newHistory);
      // Stored once: the history holds the event without the 10,000 characters the row holds.
      const storedHistory = await storedHistoryText(provider(), 'failing');
      expect(storedHistory).toContain('ExecutionCompleted');
      expect(storedHistory).not.toContain('m'.repeat(100));
    });

    it('keeps an ExecutionCompleted\'s details that differ from the row\'s in the event', async () => {
      await provider().createInstance(newInstance('odd'));
      const item = await claimOne(provider());
      const onEvent = { errorType: 'Error', message: 'as the event says' };
      const completed = { type: 'ExecutionCompleted' as const, eventId: -1, timestamp: new Date(T0 + 1).toISOString(), orchestrationStatus: 'Failed' as const, failureDetails: onEvent };
      const base = episodeFor(item);
      const commit = { ...base, newHistory: [...base.newHistory, completed], update: { ...base.update, runtimeStatus: 'Failed' as const, failureDetails: { errorType: 'Error', message: 'as the row says' } } };
      expect(await provider().commitOrchestrationEpisodes('worker-a', [commit])).toEqual(['committed']);
      expect((await provider().getHistory('odd')).at(-1)).toEqual(completed);
    });

    it('accepts an empty batch', async () => {
      expect(await provider().commitOrchestrationEpisodes('worker-a', [])).toEqual([]);
    });
  });
}
