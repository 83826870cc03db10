import { afterEach, expect, it } from 'vitest';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { describeIfPostgres } from '../../support/postgres';
import { openTestProvider, usePostgresTestHubs } from './postgres-test-setup';
import { claimOne, episodeFor, LEASE_MS, newInstance, T0, taskCompleted, taskScheduled } from './storage-fixtures';

/**
 * Writes that touch many rows lock them in one order (ascending id), and lease renewals never
 * wait for a row, so transactions of several workers (or of one worker's commit and its renewal
 * timer) cannot deadlock. PostgreSQL would abort one side of a deadlock with an error, which is
 * what these tests would see.
 */
describeIfPostgres('postgres storage: lock order under concurrent writers', () => {
  const { freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  const open = async (hubName: string): Promise<PostgresStorageProvider> => {
    const provider = await openTestProvider(hubName);
    opened.push(provider);
    return provider;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  it('saves overlapping activity results from two workers in opposite orders without a deadlock', async () => {
    const hub = freshHub();
    const [a, b] = [await open(hub), await open(hub)];
    const rounds = 8;
    const perRound = 40;
    for (let round = 0; round < rounds; round++) {
      const instanceId = `fan-${round}`;
      await a.createInstance(newInstance(instanceId));
      const item = await claimOne(a, 'orchestrator', T0);
      const activities = Array.from({ length: perRound }, (_, taskId) => ({ taskId, name: 'Work', visibleAt: T0 }));
      const commit = episodeFor(item, { activities, newHistory: activities.map((x) => taskScheduled(x.taskId)) });
      expect(await a.commitOrchestrationEpisodes('orchestrator', [commit])).toEqual(['committed']);
      const claimed = await a.claimActivityWorkItems({ owner: 'first', now: T0, leaseMs: LEASE_MS, maxItems: perRound });
      expect(claimed).toHaveLength(perRound);

      // Both workers finished every item (the first one's lease ran out meanwhile), in opposite orders.
      const results = claimed.map((w) => ({ workItemId: w.workItemId, instanceId, event: taskCompleted(w.taskId, String(w.taskId)) }));
      const accepted = await Promise.all([
        a.completeActivityWorkItems(results, T0 + 1),
        b.completeActivityWorkItems([...results].reverse(), T0 + 1),
      ]);
      expect(accepted[0] + accepted[1]).toBe(perRound);

      const inbox = await a.claimOrchestrationWorkItems({ owner: 'orchestrator', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
      const taskIds = inbox.flatMap((w) => w.messages.map((m) => (m.event.type === 'TaskCompleted' ? m.event.taskScheduledId : -1)));
      expect(taskIds.sort((x, y) => x - y)).toEqual(activities.map((x) => x.taskId));
    }
  });

  it('renews leases while the same worker commits those instances, without a deadlock', async () => {
    const hub = freshHub();
    const provider = await open(hub);
    // Created in descending id order, so the rows' physical order is the opposite of the id order.
    const ids = Array.from({ length: 120 }, (_, i) => `inst-${String(119 - i).padStart(3, '0')}`);
    await Promise.all(ids.map((id) => provider.createInstance(newInstance(id))));
    for (let round = 0; round < 6; round++) {
      const items = await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: ids.length });
      expect(items).toHaveLength(ids.length);
      const renewals = Array.from({ length: 4 }, () => provider.renewOrchestrationLeases('w', ids, T0 + 1, LEASE_MS));
      const commit = provider.commitOrchestrationEpisodes(
        'w',
        items.map((item) => episodeFor(item))
      );
      const [outcomes] = await Promise.all([commit, ...renewals]);
      expect(outcomes.every((o) => o === 'committed')).toBe(true);
      await Promise.all(ids.map((id) => provider.sendToInstance(id, taskCompleted(round), T0)));
    }
  });
});
