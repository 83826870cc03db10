import { describe, expect, it } from 'vitest';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import type { EpisodeCommit, NewMessage, OrchestrationWorkItem } from '../../../src/storage/storage-records';
import { commitAs, observeStorage, recordChanges, type CommitMode } from './storage-observe';
import { episodeFor, eventRaised, LEASE_MS, newInstance, orchestratorStarted, T0, taskScheduled, type MakeStorageProvider } from './storage-fixtures';

const BATCH = Array.from({ length: 8 }, (_, i) => `b${i}`);
const ENTITY = '@counter@k1';
const OBSERVED = [...BATCH, 'outside', ENTITY];

async function claimAll(provider: StorageProvider, now: number): Promise<OrchestrationWorkItem[]> {
  return provider.claimOrchestrationWorkItems({ owner: 'worker-a', now, leaseMs: LEASE_MS, maxItems: 100 });
}

/** A first episode for b<i>: activities, a message to the next instance, some to 'outside' and to an entity. */
function firstEpisode(item: OrchestrationWorkItem, i: number): EpisodeCommit {
  const at = T0 + 20 + i;
  const activities = Array.from({ length: i % 3 }, (_, n) => ({ taskId: n, name: `A${i}.${n}`, input: `"${i}"`, visibleAt: T0 + 20 }));
  const messages: NewMessage[] = [{ instanceId: BATCH[(i + 1) % BATCH.length] ?? 'b0', event: eventRaised(`from-b${i}`, String(i)), visibleAt: at }];
  if (i % 2 === 0) messages.push({ instanceId: 'outside', event: eventRaised(`outside-${i}`), visibleAt: T0 + 20 });
  if (i === 3 || i === 5) messages.push({ instanceId: ENTITY, event: eventRaised(`entity-${i}`), visibleAt: T0 + 20 });
  return episodeFor(item, {
    newHistory: [orchestratorStarted(at), ...item.messages.map((m) => m.event), ...activities.map((a) => taskScheduled(a.taskId, a.name))],
    activities,
    messages,
    ...(i === 2 ? { consumedMessageIds: [] } : {}),
    ...(i === 7 ? { entityState: '{"n":7}' } : {}),
    update:
      i === 6
        ? { runtimeStatus: 'Completed', output: '"done"', completedAt: at, lastUpdatedAt: at }
        : { runtimeStatus: 'Running', customStatus: `"step ${i}"`, lastUpdatedAt: at },
  });
}

/** A second episode: completes every other instance, schedules one more activity, reports to 'outside'. */
function secondEpisode(item: OrchestrationWorkItem, i: number): EpisodeCommit {
  const at = T0 + 40 + i;
  return episodeFor(item, {
    newHistory: [orchestratorStarted(at), ...item.messages.map((m) => m.event), taskScheduled(9, 'Late')],
    activities: [{ taskId: 9, name: 'Late', visibleAt: at }],
    messages: [{ instanceId: 'outside', event: eventRaised(`second-${item.instance.instanceId}`), visibleAt: at }],
    update: i % 2 === 0 ? { runtimeStatus: 'Completed', output: `"${i}"`, completedAt: at, lastUpdatedAt: at } : { runtimeStatus: 'Running', lastUpdatedAt: at },
  });
}

/** Two rounds of episodes over eight instances, committed as `mode` says; returns all there is to see. */
export async function twoRounds(provider: StorageProvider, mode: CommitMode): Promise<unknown> {
  for (const [i, id] of BATCH.entries()) await provider.createInstance(newInstance(id, { createdAt: T0 + i }));
  await provider.createInstance(newInstance('outside', { createdAt: T0 + 50 }));
  const changes = recordChanges(provider);

  const round1 = await claimAll(provider, T0 + 10);
  expect(round1.map((item) => item.instance.instanceId)).toEqual(BATCH);
  const first = round1.map(firstEpisode);
  const lost = { ...firstEpisode(round1[4] as OrchestrationWorkItem, 4), expectedHistoryLength: 99 };
  const outcomes1 = await commitAs(mode, provider, 'worker-a', [...first.slice(0, 4), lost, ...first.slice(5), first[1] as EpisodeCommit], T0 + 20);
  expect(outcomes1).toEqual(['committed', 'committed', 'committed', 'committed', 'lease-lost', 'committed', 'committed', 'committed', 'lease-lost']);
  expect(await provider.getHistory('b4')).toEqual([]);
  expect(await provider.getHistory('b2')).toEqual(first[2]?.newHistory);
  expect(await provider.getInstance(ENTITY)).toMatchObject({ name: 'counter', createdAt: new Date(T0 + 23), historyLength: 0 });
  expect(await provider.getInstance('b7')).toMatchObject({ entityState: '{"n":7}', customStatus: '"step 7"', historyLength: 3 });

  const round2 = await claimAll(provider, T0 + 30);
  // b4 is still leased to worker-a and sent nothing to b5 (its episode wrote nothing); the others got messages.
  expect(round2.map((item) => item.instance.instanceId).sort()).toEqual([...BATCH.filter((id) => id !== 'b4' && id !== 'b5'), 'outside', ENTITY].sort());
  const outcomes2 = await commitAs(mode, provider, 'worker-a', round2.map(secondEpisode), T0 + 40);
  expect(outcomes2.every((outcome) => outcome === 'committed')).toBe(true);
  return { outcomes: [outcomes1, outcomes2], changes: changes(), observed: await observeStorage(provider, OBSERVED, T0 + 100_000) };
}

export function describeEpisodeBatchContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: committing a batch of episodes`, () => {
    const onFresh = async (scenario: (provider: StorageProvider) => Promise<unknown>): Promise<unknown> => {
      const provider = await makeProvider();
      try {
        return await scenario(provider);
      } finally {
        await provider.close();
      }
    };

    it('gives the same result as committing its episodes one by one, lease-lost ones included', async () => {
      const batched = await onFresh((provider) => twoRounds(provider, 'batched'));
      const oneByOne = await onFresh((provider) => twoRounds(provider, 'one-by-one'));
      expect(batched).toEqual(oneByOne);
    });
  });
}
