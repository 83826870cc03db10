import { describe, expect, it } from 'vitest';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import type { NewChildInstance, OrchestrationMessage, OrchestrationWorkItem } from '../../../src/storage/storage-records';
import { commitAs, observeStorage, type CommitMode } from './storage-observe';
import {
  episodeFor,
  eventRaised,
  executionStarted,
  LEASE_MS,
  newInstance,
  T0,
  timerFired,
  useProvider,
  type MakeStorageProvider,
} from './storage-fixtures';

const label = (m: Pick<OrchestrationMessage, 'event'>): string => (m.event.type === 'EventRaised' ? `EventRaised:${m.event.name}` : m.event.type);

async function claimByIds(provider: StorageProvider, now: number): Promise<Map<string, OrchestrationWorkItem>> {
  const items = await provider.claimOrchestrationWorkItems({ owner: 'w', now, leaseMs: LEASE_MS, maxItems: 100 });
  return new Map(items.map((item) => [item.instance.instanceId, item]));
}

function claimed(items: Map<string, OrchestrationWorkItem>, id: string): OrchestrationWorkItem {
  const item = items.get(id);
  if (item === undefined) throw new Error(`'${id}' was not claimed`);
  return item;
}

const child = (id: string, executionId = `${id}-exec-1`): NewChildInstance => ({
  ...newInstance(id, { executionId, createdAt: T0 + 20 }),
  onConflict: { instanceId: 'p', event: eventRaised(`conflict-${id}`), visibleAt: T0 + 20 },
});

/**
 * One batch whose episodes depend on each other: messages to an instance that later continues as
 * new, to a child not started yet and to a finished instance that a later child start replaces;
 * a child start that meets a live instance of the batch; a second episode of one instance.
 */
export async function dependentBatch(provider: StorageProvider, mode: CommitMode): Promise<unknown> {
  for (const [i, id] of ['s', 'x', 'p', 'live', 'c'].entries()) await provider.createInstance(newInstance(id, { createdAt: T0 + i }));
  const items = await claimByIds(provider, T0 + 10);
  const at = { update: { runtimeStatus: 'Running' as const, lastUpdatedAt: T0 + 20 } };
  const outcomes = await commitAs(mode, provider, 'w', [
    episodeFor(claimed(items, 's'), {
      ...at,
      messages: [
        { instanceId: 'c', event: timerFired(1, T0 + 20), visibleAt: T0 + 20 },
        { instanceId: 'c', event: eventRaised('keep'), visibleAt: T0 + 20 },
        { instanceId: 'kid', event: eventRaised('early'), visibleAt: T0 + 20 },
        { instanceId: 'x', event: eventRaised('to-x'), visibleAt: T0 + 20 },
      ],
    }),
    episodeFor(claimed(items, 'x'), {
      update: { runtimeStatus: 'Completed', output: '"x"', completedAt: T0 + 20, lastUpdatedAt: T0 + 20 },
      activities: [{ taskId: 0, name: 'XWork', visibleAt: T0 + 20 }],
      messages: [{ instanceId: 'x', event: eventRaised('x-self'), visibleAt: T0 + 20 }],
    }),
    episodeFor(claimed(items, 'p'), {
      ...at,
      newInstances: [child('kid'), child('x', 'x-exec-2'), child('live')],
      messages: [{ instanceId: 'kid', event: eventRaised('after-start'), visibleAt: T0 + 20 }],
    }),
    episodeFor(claimed(items, 'live'), { ...at, activities: [{ taskId: 0, name: 'LiveWork', visibleAt: T0 + 20 }] }),
    episodeFor(claimed(items, 'c'), {
      update: { runtimeStatus: 'ContinuedAsNew', lastUpdatedAt: T0 + 20 },
      activities: [{ taskId: 0, name: 'Dropped', visibleAt: T0 + 20 }],
      messages: [
        { instanceId: 'c', event: eventRaised('after-can'), visibleAt: T0 + 20 },
        { instanceId: 'c', event: timerFired(2, T0 + 20), visibleAt: T0 + 20 },
      ],
      continueAsNew: { executionId: 'c-exec-2', input: '"again"', startEvent: executionStarted('c', 'c-exec-2', T0 + 20), carriedEvents: [eventRaised('carried')] },
    }),
    episodeFor(claimed(items, 'x'), at),
  ], T0 + 20);
  expect(outcomes).toEqual(['committed', 'committed', 'committed', 'committed', 'committed', 'lease-lost']);
  expect(await provider.getInstance('x')).toMatchObject({ executionId: 'x-exec-2', runtimeStatus: 'Pending', historyLength: 0 });
  expect(await provider.getHistory('x')).toEqual([]);
  expect(await provider.getInstance('c')).toMatchObject({ executionId: 'c-exec-2', runtimeStatus: 'ContinuedAsNew', historyLength: 0 });

  return { outcomes, observed: await observeStorage(provider, ['s', 'x', 'p', 'live', 'c', 'kid'], T0 + 100) };
}

export function describeEpisodeBatchOrderContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: a batch whose episodes depend on each other`, () => {
    const provider = useProvider(makeProvider);

    it('writes child starts and continue-as-new in their place in the batch, as one-by-one commits do', async () => {
      const batched = await dependentBatch(provider(), 'batched');
      const other = await makeProvider();
      try {
        expect(batched).toEqual(await dependentBatch(other, 'one-by-one'));
      } finally {
        await other.close();
      }
      const inboxes = (batched as { observed: { inboxes: { instanceId: string; messages: OrchestrationMessage[] }[] } }).observed.inboxes;
      const inbox = (id: string): string[] => (inboxes.find((i) => i.instanceId === id)?.messages ?? []).map(label);
      expect(inbox('kid')).toEqual(['EventRaised:early', 'ExecutionStarted', 'EventRaised:after-start']);
      expect(inbox('c')).toEqual(['EventRaised:keep', 'ExecutionStarted', 'EventRaised:carried', 'EventRaised:after-can', 'TimerFired']);
      expect(inbox('x')).toEqual(['ExecutionStarted']);
      expect(inbox('p')).toEqual(['EventRaised:conflict-live']);
    });

    it('treats an episode as lease-lost when an earlier episode of the batch replaced its instance by starting a child with its id', async () => {
      await provider().createInstance(newInstance('x'));
      await provider().createInstance(newInstance('p', { createdAt: T0 + 1 }));
      const first = await claimByIds(provider(), T0 + 10);
      await provider().commitOrchestrationEpisodes('w', [
        episodeFor(claimed(first, 'x'), { update: { runtimeStatus: 'Completed', output: '"x"', completedAt: T0 + 11, lastUpdatedAt: T0 + 11 } }),
        episodeFor(claimed(first, 'p'), {
          messages: [
            { instanceId: 'x', event: eventRaised('late'), visibleAt: T0 + 11 },
            { instanceId: 'p', event: eventRaised('next'), visibleAt: T0 + 11 },
          ],
        }),
      ]);
      const second = await claimByIds(provider(), T0 + 12);
      expect(claimed(second, 'x').instance.runtimeStatus).toBe('Completed');
      const outcomes = await provider().commitOrchestrationEpisodes('w', [
        episodeFor(claimed(second, 'p'), { newInstances: [child('x', 'x-exec-2')] }),
        episodeFor(claimed(second, 'x'), { activities: [{ taskId: 0, name: 'Stale', visibleAt: T0 + 12 }] }),
      ]);
      expect(outcomes).toEqual(['committed', 'lease-lost']);
      expect(await provider().getInstance('x')).toMatchObject({ executionId: 'x-exec-2', runtimeStatus: 'Pending', historyLength: 0 });
      expect(await provider().getHistory('x')).toEqual([]);
      expect(await provider().claimActivityWorkItems({ owner: 'a', now: T0 + 100, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      const inbox = claimed(await claimByIds(provider(), T0 + 100), 'x').messages.map(label);
      expect(inbox).toEqual(['ExecutionStarted']);
    });
  });
}
