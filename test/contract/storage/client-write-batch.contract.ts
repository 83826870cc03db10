import { describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import type { StorageChange } from '../../../src/storage/storage-provider';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

/**
 * Client writes issued together (in one turn, or while a transaction is being written) are
 * group-committed: fewer transactions than writes, each caller with its own outcome or error,
 * in the order they were issued.
 */
export function describeClientWriteBatchContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: concurrent client writes`, () => {
    const provider = useProvider(makeProvider);

    it('commits concurrent starts in fewer transactions than starts, each one written and announced', async () => {
      const changes: StorageChange[] = [];
      provider().onChange((change) => changes.push(change));
      const before = provider().stats().commits;
      const ids = Array.from({ length: 20 }, (_, n) => `batch-${n}`);
      await Promise.all(ids.map((id) => provider().createInstance(newInstance(id))));
      const commits = provider().stats().commits - before;
      expect(commits).toBeGreaterThanOrEqual(1);
      expect(commits).toBeLessThan(ids.length);
      for (const id of ids) expect(await provider().getInstance(id)).toMatchObject({ instanceId: id, runtimeStatus: 'Pending' });
      const announced = changes.flatMap((change) => (change.kind === 'instance' ? [change.instanceId] : []));
      expect(new Set(announced)).toEqual(new Set(ids));
    });

    it('refuses only the start whose id is taken; the others of its batch commit', async () => {
      await provider().createInstance(newInstance('taken'));
      const results = await Promise.allSettled([
        provider().createInstance(newInstance('fresh-1')),
        provider().createInstance(newInstance('taken', { executionId: 'taken-exec-2' })),
        provider().createInstance(newInstance('fresh-2')),
        provider().createInstance(newInstance('fresh-1', { executionId: 'fresh-1-exec-2' })),
        provider().createInstance(newInstance('fresh-3')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      for (const index of [1, 3]) {
        const result = results[index];
        const error = result?.status === 'rejected' ? (result.reason as unknown) : undefined;
        expect(isDurableErrorWithCode(error, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
        expect(error).toMatchObject({ runtimeStatus: 'Pending' });
      }
      expect(await provider().getInstance('taken')).toMatchObject({ executionId: 'taken-exec-1' });
      expect(await provider().getInstance('fresh-1')).toMatchObject({ executionId: 'fresh-1-exec-1' });
      for (const id of ['fresh-2', 'fresh-3']) expect(await provider().getInstance(id)).toMatchObject({ runtimeStatus: 'Pending' });
    });

    it('among free starts of one batch, replaces a finished instance and refuses a live one', async () => {
      await provider().createInstance(newInstance('finished'));
      const item = await claimOne(provider(), 'w', T0);
      const [outcome] = await provider().commitOrchestrationEpisodes('w', [
        episodeFor(item, { update: { runtimeStatus: 'Completed', output: '1', completedAt: T0 + 1 } }),
      ]);
      expect(outcome).toBe('committed');
      await provider().createInstance(newInstance('live'));
      const results = await Promise.allSettled([
        provider().createInstance(newInstance('free-1')),
        provider().createInstance(newInstance('finished', { executionId: 'finished-exec-2' })),
        provider().createInstance(newInstance('live', { executionId: 'live-exec-2' })),
        provider().createInstance(newInstance('free-2')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      const refused = results[2]?.status === 'rejected' ? (results[2].reason as unknown) : undefined;
      expect(isDurableErrorWithCode(refused, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      expect(await provider().getInstance('finished')).toMatchObject({ executionId: 'finished-exec-2', runtimeStatus: 'Pending' });
      expect(await provider().getInstance('live')).toMatchObject({ executionId: 'live-exec-1' });
      const claimed = await provider().claimOrchestrationWorkItems({ owner: 'w2', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
      const starts = claimed.map((c) => [c.instance.instanceId, c.messages.map((m) => m.event.type)]);
      expect(starts.sort()).toEqual([
        ['finished', ['ExecutionStarted']],
        ['free-1', ['ExecutionStarted']],
        ['free-2', ['ExecutionStarted']],
        ['live', ['ExecutionStarted']],
      ]);
    });

    it('answers concurrent reads each with its own instance, or none, and sees the writes before them', async () => {
      const ids = Array.from({ length: 12 }, (_, n) => `read-${n}`);
      await Promise.all(ids.map((id) => provider().createInstance(newInstance(id))));
      const asked = [...ids, 'missing', ids[0] ?? ''];
      const records = await Promise.all(asked.map((id) => provider().getInstance(id)));
      expect(records.map((r) => r?.instanceId)).toEqual([...ids, undefined, ids[0]]);
      expect(records.every((r, i) => i === ids.length || r?.executionId === `${asked[i]}-exec-1`)).toBe(true);
      const [item] = await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
      if (item === undefined) throw new Error('expected a claim');
      await provider().commitOrchestrationEpisodes('w', [episodeFor(item, { update: { runtimeStatus: 'Completed', output: '7', completedAt: T0 + 1 } })]);
      const after = await Promise.all([provider().getInstance(item.instance.instanceId), provider().getInstance('missing')]);
      expect(after.map((r) => [r?.runtimeStatus, r?.output])).toEqual([['Completed', '7'], [undefined, undefined]]);
    });

    it('keeps the order of concurrent events to one instance, and gives each send its own outcome', async () => {
      await provider().createInstance(newInstance('ordered'));
      const names = Array.from({ length: 12 }, (_, n) => `e${n}`);
      const outcomes = await Promise.all([
        ...names.map((name) => provider().sendToInstance('ordered', eventRaised(name), T0)),
        provider().sendToInstance('ghost', eventRaised('lost'), T0),
      ]);
      expect(outcomes.slice(0, names.length)).toEqual(names.map(() => ({ kind: 'sent', runtimeStatus: 'Pending' })));
      expect(outcomes[names.length]).toEqual({ kind: 'not-found' });
      const item = await claimOne(provider(), 'w', T0);
      expect(item.messages.map((m) => (m.event.type === 'EventRaised' ? m.event.name : m.event.type))).toEqual(['ExecutionStarted', ...names]);
    });

    it('applies the writes of one batch in the order issued: an event sent after a start reaches it', async () => {
      // The first write of a quiet provider is written at once; the rest of this turn's writes share the next transaction.
      const [, , sent, signalled] = await Promise.all([
        provider().createInstance(newInstance('second')),
        provider().createInstance(newInstance('third')),
        provider().sendToInstance('third', eventRaised('hello'), T0),
        provider().sendToEntity('@counter@k', eventRaised('add'), T0),
      ]);
      expect(sent).toEqual({ kind: 'sent', runtimeStatus: 'Pending' });
      expect(signalled).toBeUndefined();
      const items = await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 });
      const inbox = (id: string): string[] => items.find((i) => i.instance.instanceId === id)?.messages.map((m) => m.event.type) ?? [];
      expect(inbox('third')).toEqual(['ExecutionStarted', 'EventRaised']);
      expect(inbox('@counter@k')).toEqual(['EventRaised']);
      expect(await provider().getInstance('@counter@k')).toMatchObject({ instanceId: '@counter@k' });
    });
  });
}
