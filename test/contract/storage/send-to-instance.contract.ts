import { describe, expect, it } from 'vitest';
import { isTerminalStatus } from '../../../src/model/runtime-status';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

export function describeSendToInstanceContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind}: sending to an instance`, () => {
    const provider = useProvider(makeProvider);
    const raised = eventRaised('Approval', '"yes"');

    it('queues the event for a Pending instance, visible at the given time', async () => {
      await provider().createInstance(newInstance('i1'));
      expect(await provider().sendToInstance('i1', raised, T0 + 5)).toEqual({ kind: 'sent', runtimeStatus: 'Pending' });
      const [item] = await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0 + 5, leaseMs: LEASE_MS, maxItems: 1 });
      expect(item?.messages.map((m) => m.event.type)).toEqual(['ExecutionStarted', 'EventRaised']);
    });

    it('reports an unknown instance and writes nothing', async () => {
      expect(await provider().sendToInstance('ghost', raised, T0)).toEqual({ kind: 'not-found' });
      expect(await provider().nextVisibleAt('orchestration', 0)).toBeUndefined();
      expect(await provider().getInstance('ghost')).toBeUndefined();
    });

    it('refuses a finished instance, naming its status, and queues nothing', async () => {
      await provider().createInstance(newInstance('done'));
      const item = await claimOne(provider(), 'w', T0);
      const commit = episodeFor(item, { update: { runtimeStatus: 'Completed', lastUpdatedAt: T0, completedAt: T0, output: '1' } });
      expect(await provider().commitOrchestrationEpisodes('w', [commit])).toEqual(['committed']);
      const outcome = await provider().sendToInstance('done', raised, T0);
      expect(outcome.kind).toBe('not-running');
      expect(outcome.kind === 'not-running' && isTerminalStatus(outcome.runtimeStatus)).toBe(true);
      expect(await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 1 })).toEqual([]);
    });
  });
}
