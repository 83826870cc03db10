import { describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import type { StorageChange } from '../../../src/storage/storage-provider';
import { claimOne, episodeFor, LEASE_MS, newInstance, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

/**
 * Eager starts (NewInstance.lease): an instance created with a free id is created leased to the
 * starting worker, which runs its first episode from the start's own data, with no claim; if that
 * worker dies, the instance is claimed once the lease runs out. A taken id is started without a
 * lease, or refused, as any start.
 */
export function describeLeasedStartContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: leased (eager) starts`, () => {
    const provider = useProvider(makeProvider);
    const lease = { owner: 'starter', expiresAt: T0 + LEASE_MS };

    it('creates a free id leased to the starter, answers its start message, and lets no one else claim it until the lease ends', async () => {
      const changes: StorageChange[] = [];
      provider().onChange((change) => changes.push(change));
      const created = await provider().createInstance(newInstance('eager', { lease }));
      expect(created.leasedStartMessageId).toEqual(expect.any(Number));
      expect(await provider().getInstance('eager')).toMatchObject({ runtimeStatus: 'Pending', historyLength: 0 });
      // Announced as an instance change, not as work for the claim loops.
      expect(changes.filter((c) => c.kind === 'work')).toEqual([]);
      expect(await provider().claimOrchestrationWorkItems({ owner: 'other', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 5 })).toEqual([]);

      const item = await claimOne(provider(), 'other', T0 + LEASE_MS);
      expect(item.messages.map((m) => [m.messageId, m.event.type, m.dequeueCount])).toEqual([[created.leasedStartMessageId, 'ExecutionStarted', 2]]);
    });

    it("commits the starter's first episode, consuming the start message, without a claim", async () => {
      const created = await provider().createInstance(newInstance('eager', { lease }));
      const messageId = created.leasedStartMessageId ?? -1;
      const record = await provider().getInstance('eager');
      if (record === undefined) throw new Error('expected the instance');
      const item = { instance: record, messages: [{ messageId, instanceId: 'eager', event: newInstance('eager').startEvent, visibleAt: T0, dequeueCount: 1 }], leaseExpiresAt: lease.expiresAt };
      expect(await provider().commitOrchestrationEpisodes('starter', [episodeFor(item)])).toEqual(['committed']);
      expect(await provider().getInstance('eager')).toMatchObject({ runtimeStatus: 'Running', historyLength: 2 });
      expect(await provider().claimOrchestrationWorkItems({ owner: 'other', now: T0 + 2 * LEASE_MS, leaseMs: LEASE_MS, maxItems: 5 })).toEqual([]);
    });

    it('starts a taken id the way any start is: a finished one replaced without a lease, a live one refused', async () => {
      await provider().createInstance(newInstance('finished'));
      const claimed = await claimOne(provider(), 'w', T0);
      const done = episodeFor(claimed, { update: { runtimeStatus: 'Completed', output: '1', completedAt: T0 + 1 } });
      expect(await provider().commitOrchestrationEpisodes('w', [done])).toEqual(['committed']);
      const replaced = await provider().createInstance(newInstance('finished', { executionId: 'finished-2', lease }));
      expect(replaced.leasedStartMessageId).toBeUndefined();
      const again = await claimOne(provider(), 'other', T0 + 2);
      expect([again.instance.instanceId, again.instance.executionId]).toEqual(['finished', 'finished-2']);

      const refused: unknown = await provider().createInstance(newInstance('finished', { executionId: 'finished-3', lease })).then(() => undefined, (e: unknown) => e);
      expect(isDurableErrorWithCode(refused, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      expect(await provider().getInstance('finished')).toMatchObject({ executionId: 'finished-2' });
    });

    it('creates starts without a lease as before, answering no message id', async () => {
      expect(await provider().createInstance(newInstance('plain'))).toEqual({});
      const item = await claimOne(provider(), 'w', T0);
      expect(item.messages.map((m) => m.dequeueCount)).toEqual([1]);
    });
  });
}
