import { describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import { InstanceAlreadyExistsError } from '../../../src/model/errors/instance-already-exists-error';
import { claimOne, episodeFor, eventRaised, LEASE_MS, newInstance, T0, useProvider, type MakeStorageProvider } from './storage-fixtures';

export function describeInstanceContract(kind: string, makeProvider: MakeStorageProvider): void {
  describe(`${kind} storage: instances`, () => {
    const provider = useProvider(makeProvider);

    it('createInstance stores a Pending row that getInstance returns with every field', async () => {
      await provider().createInstance(newInstance('i1', { version: '2', createdAt: T0 }));
      const record = await provider().getInstance('i1');
      expect(record).toEqual({
        instanceId: 'i1',
        executionId: 'i1-exec-1',
        name: 'HelloCities',
        version: '2',
        runtimeStatus: 'Pending',
        input: '"Tokyo"',
        createdAt: new Date(T0),
        lastUpdatedAt: new Date(T0),
        historyLength: 0,
      });
      expect(record?.createdAt).toBeInstanceOf(Date);
      expect(await provider().getHistory('i1')).toEqual([]);
    });

    it('leaves absent optional fields absent, not null', async () => {
      const { version: _version, input: _input, ...bare } = newInstance('bare');
      await provider().createInstance(bare);
      const record = await provider().getInstance('bare');
      expect(Object.keys(record ?? {}).sort()).toEqual(
        ['createdAt', 'executionId', 'historyLength', 'instanceId', 'lastUpdatedAt', 'name', 'runtimeStatus'].sort(),
      );
    });

    it('returns undefined and empty history for an unknown instance', async () => {
      expect(await provider().getInstance('nobody')).toBeUndefined();
      expect(await provider().getHistory('nobody')).toEqual([]);
    });

    it('queues the ExecutionStarted message with the instance', async () => {
      const created = newInstance('i1');
      await provider().createInstance(created);
      const item = await claimOne(provider());
      expect(item.messages.map((m) => m.event)).toEqual([created.startEvent]);
      expect(item.messages[0]?.instanceId).toBe('i1');
      expect(item.messages[0]?.visibleAt).toBe(T0);
    });

    it('refuses to start a Pending id again and changes nothing', async () => {
      await provider().createInstance(newInstance('dup'));
      const commitsBefore = provider().stats().commits;
      const second = newInstance('dup', { executionId: 'dup-exec-2', input: '"Paris"', createdAt: T0 + 5 });
      const error: unknown = await provider().createInstance(second).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InstanceAlreadyExistsError);
      expect(isDurableErrorWithCode(error, 'INSTANCE_ALREADY_EXISTS')).toBe(true);
      expect((error as InstanceAlreadyExistsError).runtimeStatus).toBe('Pending');
      expect(provider().stats().commits).toBe(commitsBefore);

      const record = await provider().getInstance('dup');
      expect(record?.executionId).toBe('dup-exec-1');
      expect(record?.input).toBe('"Tokyo"');
      const item = await claimOne(provider());
      expect(item.messages).toHaveLength(1);
      expect(item.messages[0]?.event).toMatchObject({ type: 'ExecutionStarted', executionId: 'dup-exec-1' });
    });

    it('refuses to start a Running id again and keeps its history and inbox', async () => {
      await provider().createInstance(newInstance('run'));
      const item = await claimOne(provider());
      await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(item)]);
      const historyBefore = await provider().getHistory('run');

      await expect(provider().createInstance(newInstance('run', { executionId: 'run-exec-2' }))).rejects.toMatchObject({
        code: 'INSTANCE_ALREADY_EXISTS',
        instanceId: 'run',
        runtimeStatus: 'Running',
      });
      expect(await provider().getHistory('run')).toEqual(historyBefore);
      expect(await provider().getInstance('run')).toMatchObject({ runtimeStatus: 'Running', executionId: 'run-exec-1', historyLength: 2 });
      expect(await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0 + 10, leaseMs: LEASE_MS, maxItems: 5 })).toEqual([]);
    });

    it('replaces a terminal instance: new row; history, inbox and activities of the old one removed', async () => {
      await provider().createInstance(newInstance('again'));
      const item = await claimOne(provider());
      const finished = episodeFor(item, {
        update: { runtimeStatus: 'Completed', output: '"done"', customStatus: '"x"', completedAt: T0 + 1 },
        activities: [{ taskId: 0, name: 'SayHello', visibleAt: T0 }],
        messages: [{ instanceId: 'again', event: eventRaised('late'), visibleAt: T0 + 60_000 }],
      });
      expect(await provider().commitOrchestrationEpisodes('worker-a', [finished])).toEqual(['committed']);

      const restart = newInstance('again', { executionId: 'again-exec-2', input: '"Paris"', createdAt: T0 + 2 });
      await provider().createInstance(restart);

      expect(await provider().getInstance('again')).toEqual({
        instanceId: 'again',
        executionId: 'again-exec-2',
        name: 'HelloCities',
        runtimeStatus: 'Pending',
        input: '"Paris"',
        createdAt: new Date(T0 + 2),
        lastUpdatedAt: new Date(T0 + 2),
        historyLength: 0,
      });
      expect(await provider().getHistory('again')).toEqual([]);
      const later = T0 + 120_000;
      const next = await claimOne(provider(), 'worker-b', later);
      expect(next.messages.map((m) => m.event)).toEqual([restart.startEvent]);
      expect(await provider().claimActivityWorkItems({ owner: 'w', now: later, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
    });

    it.each(['Failed', 'Terminated'] as const)('lets a %s instance be started again', async (status) => {
      await provider().createInstance(newInstance('ended'));
      const item = await claimOne(provider());
      await provider().commitOrchestrationEpisodes('worker-a', [episodeFor(item, { update: { runtimeStatus: status } })]);
      await provider().createInstance(newInstance('ended', { executionId: 'ended-exec-2' }));
      expect(await provider().getInstance('ended')).toMatchObject({ runtimeStatus: 'Pending', executionId: 'ended-exec-2' });
    });

    it.each(['Completed', 'Failed', 'Terminated', 'Pending'] as const)(
      "with idReuse 'never', refuses a %s instance's id and leaves it, its history and its inbox as they were",
      async (status) => {
        await provider().createInstance(newInstance('kept'));
        if (status !== 'Pending') {
          const item = await claimOne(provider());
          const end = episodeFor(item, {
            update: { runtimeStatus: status, output: '"done"', completedAt: T0 + 1 },
            messages: [{ instanceId: 'kept', event: eventRaised('late'), visibleAt: T0 + 60_000 }],
          });
          expect(await provider().commitOrchestrationEpisodes('worker-a', [end])).toEqual(['committed']);
        }
        const recordBefore = await provider().getInstance('kept');
        const historyBefore = await provider().getHistory('kept');
        const commitsBefore = provider().stats().commits;

        const refused = provider().createInstance(newInstance('kept', { executionId: 'kept-exec-2', idReuse: 'never' }));
        await expect(refused).rejects.toMatchObject({ code: 'INSTANCE_ALREADY_EXISTS', instanceId: 'kept', runtimeStatus: status, reusable: false });
        expect(provider().stats().commits).toBe(commitsBefore);
        expect(await provider().getInstance('kept')).toEqual(recordBefore);
        expect(await provider().getHistory('kept')).toEqual(historyBefore);
        const later = await provider().claimOrchestrationWorkItems({ owner: 'w', now: T0 + 120_000, leaseMs: LEASE_MS, maxItems: 5 });
        expect(later.flatMap((item) => item.messages.map((m) => m.event.type))).toEqual([status === 'Pending' ? 'ExecutionStarted' : 'EventRaised']);
      },
    );

    it("with idReuse 'never', creates an instance whose id is new", async () => {
      await provider().createInstance(newInstance('fresh', { idReuse: 'never' }));
      expect(await provider().getInstance('fresh')).toMatchObject({ runtimeStatus: 'Pending', executionId: 'fresh-exec-1' });
    });
  });
}
