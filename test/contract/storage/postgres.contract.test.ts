import { afterEach, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import { InstanceAlreadyExistsError } from '../../../src/model/errors/instance-already-exists-error';
import { StorageError } from '../../../src/model/errors/storage-error';
import { createPostgresStorageProvider, POSTGRES_SCHEMA_VERSION, PostgresStorageProvider } from '../../../src/storage/postgres';
import { createSqliteStorageProvider } from '../../../src/storage/sqlite';
import type { StorageChange, StorageProvider } from '../../../src/storage/storage-provider';
import { notificationChannel } from '../../../src/storage/postgres/postgres-notification';
import { claimActivityFunctionDdl } from '../../../src/storage/postgres/postgres-activity-claim';
import { claimOrchestrationFunctionDdl } from '../../../src/storage/postgres/postgres-orchestration-claim-function';
import { postgresTables } from '../../../src/storage/postgres/postgres-tables';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { openTestProvider, TEST_SCHEMA, uniqueName, usePostgresTestHubs, waitUntil } from './postgres-test-setup';
import { describeStorageProviderContract } from './storage-provider.contract';
import { observeStorage } from './storage-observe';
import { twoRounds } from './episode-batch.contract';
import { dependentBatch } from './episode-batch-order.contract';
import { claimOne, episodeFor, eventRaised, executionStarted, LEASE_MS, newInstance, orchestratorStarted, startWithActivity, T0, taskScheduled, timerFired } from './storage-fixtures';

describeIfPostgres('postgres storage', () => {
  const { admin, freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  const open = async (hubName: string, schema = TEST_SCHEMA): Promise<PostgresStorageProvider> => {
    const provider = await openTestProvider(hubName, { schema });
    opened.push(provider);
    return provider;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  describeStorageProviderContract('postgres', () => openTestProvider(freshHub('contract')));

  describe('postgres storage: several processes on one hub', () => {
    it('lets exactly one of two concurrent starts of one id win', async () => {
      const hub = freshHub();
      const [a, b] = [await open(hub), await open(hub)];
      const ids = Array.from({ length: 20 }, (_, i) => `race-${i}`);
      const outcomes = await Promise.all(
        ids.map((id) =>
          Promise.allSettled([a.createInstance(newInstance(id, { input: '"a"' })), b.createInstance(newInstance(id, { input: '"b"' }))]),
        ),
      );
      for (const pair of outcomes) {
        expect(pair.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const [loser] = pair.filter((o) => o.status === 'rejected');
        expect(loser?.reason).toBeInstanceOf(InstanceAlreadyExistsError);
        expect(loser?.reason).toMatchObject({ runtimeStatus: 'Pending' });
      }
      const items = await a.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 100 });
      expect(items).toHaveLength(ids.length);
      for (const item of items) expect(item.messages).toHaveLength(1);
    });

    it('never gives one instance or one activity to two concurrent claimers (SKIP LOCKED)', async () => {
      const hub = freshHub();
      const [a, b] = [await open(hub), await open(hub)];
      await a.createInstance(newInstance('source'));
      const source = await claimOne(a, 'o', T0);
      const activities = Array.from({ length: 30 }, (_, taskId) => ({ taskId, name: 'A', visibleAt: T0 }));
      expect(await a.commitOrchestrationEpisodes('o', [episodeFor(source, { activities })])).toEqual(['committed']);
      for (let i = 0; i < 30; i++) await a.createInstance(newInstance(`i${i}`));
      const claimAll = async <T>(claim: (owner: string) => Promise<T[]>, owner: string): Promise<T[]> => {
        const mine: T[] = [];
        for (let batch = await claim(owner); batch.length > 0; batch = await claim(owner)) mine.push(...batch);
        return mine;
      };
      const claimers = [a, b, a, b, a, b].map((p, n) =>
        claimAll((owner) => p.claimOrchestrationWorkItems({ owner, now: T0, leaseMs: LEASE_MS, maxItems: 3 }), `w${n}`),
      );
      const instanceIds = (await Promise.all(claimers)).flat().map((item) => item.instance.instanceId);
      expect(instanceIds).toHaveLength(30);
      expect(new Set(instanceIds).size).toBe(30);

      const activityClaimers = [a, b, a, b, a, b].map((p, n) =>
        claimAll((owner) => p.claimActivityWorkItems({ owner, now: T0, leaseMs: LEASE_MS, maxItems: 2 }), `act${n}`),
      );
      const workItemIds = (await Promise.all(activityClaimers)).flat().map((item) => item.workItemId);
      expect(workItemIds).toHaveLength(30);
      expect(new Set(workItemIds).size).toBe(30);
    });

    it('tells another process about a commit through LISTEN/NOTIFY, and the committer only once', async () => {
      const hub = freshHub();
      const [a, b] = [await open(hub), await open(hub)];
      const elsewhere = await open(freshHub('other'));
      const seenByA: StorageChange[] = [];
      const seenByB: StorageChange[] = [];
      const seenElsewhere: StorageChange[] = [];
      a.onChange((c) => seenByA.push(c));
      b.onChange((c) => seenByB.push(c));
      elsewhere.onChange((c) => seenElsewhere.push(c));

      await a.createInstance(newInstance('i1'));
      await waitUntil(() => seenByB.length >= 2, 5000, 'B to hear of A\'s commit');
      expect(seenByB).toContainEqual({ kind: 'work', work: 'orchestration', remote: true });
      expect(seenByB).toContainEqual({ kind: 'instance', instanceId: 'i1', remote: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // A told its own listeners at commit and ignores the echo of its own NOTIFY.
      expect(seenByA).toEqual([
        { kind: 'work', work: 'orchestration' },
        { kind: 'instance', instanceId: 'i1' },
      ]);

      const item = await claimOne(b, 'w', T0);
      await b.commitOrchestrationEpisodes('w', [episodeFor(item, { activities: [{ taskId: 0, name: 'A', visibleAt: T0 }] })]);
      await waitUntil(() => seenByA.some((c) => c.kind === 'work' && c.work === 'activity'), 5000, 'A to hear of activity work');
      expect(seenElsewhere).toEqual([]);
    });
    it('reconnects a dropped LISTEN connection, announces work once, and hears notices again', async () => {
      const hub = freshHub();
      const [a, b] = [await open(hub), await open(hub)];
      const seenByB: StorageChange[] = [];
      b.onChange((c) => seenByB.push(c));
      const killed = await admin().query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()",
        [`LISTEN "${notificationChannel(TEST_SCHEMA, hub)}"`],
      );
      expect(killed.rowCount).toBe(2);
      await waitUntil(() => seenByB.some((c) => c.kind === 'work' && c.work === 'activity'), 5000, 'B to reconnect');
      await a.createInstance(newInstance('after-reconnect'));
      await waitUntil(() => seenByB.some((c) => c.kind === 'instance'), 5000, 'B to hear of A\'s commit after reconnecting');
      expect(seenByB).toContainEqual({ kind: 'instance', instanceId: 'after-reconnect', remote: true });
    });

    it('announces an instance id with quotes, backslashes and non-ASCII text exactly (notices go out as literals with COMMIT)', async () => {
      const hub = freshHub();
      const [a, b] = [await open(hub), await open(hub)];
      const seenByB: StorageChange[] = [];
      b.onChange((c) => seenByB.push(c));
      const instanceId = `it's a \\'quoted\\' id; COMMIT; --$$ ünï`;
      await a.createInstance(newInstance(instanceId));
      await waitUntil(() => seenByB.some((c) => c.kind === 'instance'), 5000, 'B to hear of A\'s commit');
      expect(seenByB).toContainEqual({ kind: 'instance', instanceId, remote: true });
      expect((await b.getInstance(instanceId))?.runtimeStatus).toBe('Pending');
    });
  });

  describe('postgres storage: same outcome as SQLite for continue-as-new, sub-orchestrations and rewind', () => {
    const onBoth = async (scenario: (provider: StorageProvider) => Promise<unknown>): Promise<void> => {
      const sqlite = await createSqliteStorageProvider({ path: ':memory:', hubName: 'parity' });
      try {
        const expected = await scenario(sqlite);
        expect(await scenario(await open(freshHub('parity')))).toEqual(expected);
      } finally {
        await sqlite.close();
      }
    };
    it('continues as new (keeping client events) and starts children, queuing onConflict for a taken id', async () => {
      await onBoth(async (provider) => {
        await provider.createInstance(newInstance('busy'));
        await provider.createInstance(newInstance('parent', { createdAt: T0 + 1 }));
        const first = (await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 })).find(
          (i) => i.instance.instanceId === 'parent',
        );
        if (first === undefined) throw new Error('parent not claimed');
        const child = (id: string) => ({ ...newInstance(id, { createdAt: T0 + 1 }), onConflict: { instanceId: 'parent', event: eventRaised(`conflict-${id}`), visibleAt: T0 + 1 } });
        const episode1 = episodeFor(first, {
          activities: [{ taskId: 0, name: 'Old', visibleAt: T0 }],
          messages: [{ instanceId: 'parent', event: timerFired(1, T0 + 100_000), visibleAt: T0 + 100_000 }],
          newInstances: [child('kid'), child('busy')],
        });
        expect(await provider.commitOrchestrationEpisodes('w', [episode1])).toEqual(['committed']);
        expect(await provider.sendToInstance('parent', eventRaised('late'), T0 + 2)).toMatchObject({ kind: 'sent' });
        const second = (await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 10 })).find(
          (i) => i.instance.instanceId === 'parent',
        );
        if (second === undefined) throw new Error('parent not claimed again');
        const conflict = second.messages.find((m) => m.event.type === 'EventRaised' && m.event.name === 'conflict-busy');
        const episode2 = episodeFor(second, {
          consumedMessageIds: conflict === undefined ? [] : [conflict.messageId],
          update: { runtimeStatus: 'ContinuedAsNew', lastUpdatedAt: T0 + 3 },
          activities: [{ taskId: 1, name: 'Dropped', visibleAt: T0 }],
          messages: [{ instanceId: 'parent', event: eventRaised('after'), visibleAt: T0 + 3 }],
          continueAsNew: { executionId: 'parent-exec-2', input: '"again"', startEvent: executionStarted('parent', 'parent-exec-2', T0 + 3), carriedEvents: [eventRaised('carried')] },
        });
        expect(await provider.commitOrchestrationEpisodes('w', [episode2])).toEqual(['committed']);
        return observeStorage(provider, ['parent', 'kid', 'busy'], T0 + 200_000);
      });
    });

    it('commits a batch of episodes as SQLite does', async () => {
      await onBoth((provider) => twoRounds(provider, 'batched'));
    });

    it('commits a batch whose episodes depend on each other (children, continue-as-new) as SQLite does', async () => {
      await onBoth((provider) => dependentBatch(provider, 'batched'));
    });

    it('rewinds a Failed instance only when the plan still matches', async () => {
      await onBoth(async (provider) => {
        await provider.createInstance(newInstance('r'));
        const item = await claimOne(provider, 'w', T0);
        const failure = { errorType: 'Error', message: 'boom' };
        await provider.commitOrchestrationEpisodes('w', [episodeFor(item, { update: { runtimeStatus: 'Failed', failureDetails: failure, output: '"x"', completedAt: T0 + 1 } })]);
        const plan = {
          instanceId: 'r',
          executionId: 'r-exec-1',
          expectedHistoryLength: 2,
          history: [orchestratorStarted(T0), executionStarted('r'), taskScheduled(0)],
          activities: [{ taskId: 0, name: 'SayHello', input: '"again"', visibleAt: T0 + 5 }],
          messages: [{ instanceId: 'elsewhere', event: eventRaised('note'), visibleAt: T0 + 5 }],
          rewoundEvent: eventRaised('rewound'),
          now: T0 + 5,
        };
        const refused = await provider.rewindInstance({ ...plan, expectedHistoryLength: 7 });
        const accepted = await provider.rewindInstance(plan);
        const again = await provider.rewindInstance(plan);
        return { refused, accepted, again, observed: await observeStorage(provider, ['r'], T0 + 10) };
      });
    });
  });

  describe('postgres storage: an episode commit whose writes share one round trip', () => {
    it('rolls back the statements sent before a failing one, reports that failure, and keeps the connection usable', async () => {
      const provider = await open(freshHub());
      const hub = provider.hubName;
      await provider.createInstance(newInstance('clash'));
      const item = await claimOne(provider, 'w', T0);
      // A history row where the episode's first event goes: the history insert fails on the server,
      // after the statement that deletes the consumed messages was sent and run.
      await admin().query(`INSERT INTO "${TEST_SCHEMA}".history (hub, instance_id, seq, event) VALUES ($1, 'clash', 0, '{}')`, [hub]);

      const error: unknown = await provider.commitOrchestrationEpisodes('w', [episodeFor(item)]).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/duplicate key/);
      expect(await provider.nextVisibleAt('orchestration', T0 - 1)).toBe(T0);
      expect((await provider.getInstance('clash'))?.historyLength).toBe(0);

      await admin().query(`DELETE FROM "${TEST_SCHEMA}".history WHERE hub = $1 AND instance_id = 'clash'`, [hub]);
      expect(await provider.commitOrchestrationEpisodes('w', [episodeFor(item)])).toEqual(['committed']);
      expect(await provider.getHistory('clash')).toEqual(episodeFor(item).newHistory);
    });
  });

  describe('postgres storage: schema and hubs', () => {
    const schemas: string[] = [];
    afterEach(async () => {
      for (const schema of schemas.splice(0)) await admin().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it('creates a fresh schema once when three providers initialize at the same time', async () => {
      const schema = uniqueName('init');
      schemas.push(schema);
      const providers = ['a', 'b', 'c'].map((hubName) => new PostgresStorageProvider({ connectionString: testPostgresUrl(), hubName, schema }));
      opened.push(...providers);
      await Promise.all(providers.map((p) => p.initialize()));
      const version = await admin().query<{ value: string }>(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`);
      expect(version.rows).toEqual([{ value: String(POSTGRES_SCHEMA_VERSION) }]);
      expect(await PostgresStorageProvider.listHubs(admin(), schema)).toEqual(['a', 'b', 'c']);
      await providers[0]?.initialize();
    });

    it('refuses a schema written by a newer version', async () => {
      const schema = uniqueName('newer');
      schemas.push(schema);
      await (await open('h', schema)).close();
      await admin().query(`UPDATE "${schema}".meta SET value = '99' WHERE key = 'schema_version'`);
      await expect(open('h', schema)).rejects.toThrow(/schema version 99, newer than/);
    });

    it('upgrades a version 4 schema in place: work items queued before keep working, and new ones keep their time limit', async () => {
      const schema = uniqueName('v4');
      schemas.push(schema);
      const before = await open('h', schema);
      await startWithActivity(before, 'queued-before');
      await before.close();
      // What a version 4 schema looked like: no timeout_ms column.
      await admin().query(`ALTER TABLE "${schema}".activity_items DROP COLUMN timeout_ms`);
      await admin().query(`UPDATE "${schema}".meta SET value = '4' WHERE key = 'schema_version'`);

      const after = await open('h', schema);
      const version = await admin().query<{ value: string }>(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`);
      expect(version.rows).toEqual([{ value: String(POSTGRES_SCHEMA_VERSION) }]);
      await startWithActivity(after, 'queued-after', 2500);
      const items = await after.claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 });
      expect(items.map((i) => [i.instanceId, i.timeoutMs])).toEqual([
        ['queued-before', undefined],
        ['queued-after', 2500],
      ]);
    });

    it('upgrades a version 6 schema in place: instances queued before are claimed through the new claim function', async () => {
      const schema = uniqueName('v6');
      schemas.push(schema);
      const before = await open('h', schema);
      await before.createInstance(newInstance('queued-before'));
      await before.close();
      // What a version 6 schema looked like: no orchestration claim function.
      await admin().query(`DROP FUNCTION "${schema}".claim_orchestration_items(text, bigint, integer, text, bigint)`);
      await admin().query(`UPDATE "${schema}".meta SET value = '6' WHERE key = 'schema_version'`);

      const after = await open('h', schema);
      await after.createInstance(newInstance('queued-after', { createdAt: T0 + 1 }));
      const version = await admin().query<{ value: string }>(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`);
      expect(version.rows).toEqual([{ value: String(POSTGRES_SCHEMA_VERSION) }]);
      const items = await after.claimOrchestrationWorkItems({ owner: 'w', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
      expect(items.map((item) => [item.instance.instanceId, item.messages.map((m) => m.event.type)])).toEqual([
        ['queued-before', ['ExecutionStarted']],
        ['queued-after', ['ExecutionStarted']],
      ]);
    });

    it('upgrades a version 7 schema in place: both claim functions become PL/pgSQL and claim what was queued before', async () => {
      const schema = uniqueName('v7');
      schemas.push(schema);
      const before = await open('h', schema);
      await startWithActivity(before, 'with-activity');
      await before.createInstance(newInstance('queued-before'));
      await before.close();
      const languages = async (): Promise<string[]> =>
        (
          await admin().query<{ lanname: string }>(
            `SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = $1 AND p.proname IN ('claim_orchestration_items', 'claim_activity_items') ORDER BY p.proname`,
            [schema],
          )
        ).rows.map((row) => row.lanname);
      // The version 7 functions: the same queries as SQL-language functions.
      const tables = postgresTables(schema);
      for (const ddl of [claimActivityFunctionDdl(tables), claimOrchestrationFunctionDdl(tables)]) {
        await admin().query(ddl.replace('LANGUAGE plpgsql', 'LANGUAGE sql').replace('#variable_conflict use_column\nBEGIN\nRETURN QUERY\n', '').replace(/;\nEND\n\$body\$$/, '\n$body$'));
      }
      await admin().query(`UPDATE "${schema}".meta SET value = '7' WHERE key = 'schema_version'`);
      expect(await languages()).toEqual(['sql', 'sql']);

      const after = await open('h', schema);
      expect(await languages()).toEqual(['plpgsql', 'plpgsql']);
      const items = await after.claimOrchestrationWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 });
      expect(items.map((item) => item.instance.instanceId)).toEqual(['queued-before']);
      const activities = await after.claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 });
      expect(activities.map((a) => a.instanceId)).toEqual(['with-activity']);
    });

    it('deleteHub removes every row of its hub and nothing of another', async () => {
      const [red, blue] = [await open(freshHub('red')), await open(freshHub('blue'))];
      for (const p of [red, blue]) {
        await startWithActivity(p, 'shared-id');
        await p.createInstance(newInstance('pending'));
      }
      await red.deleteHub();
      expect(await red.getInstance('shared-id')).toBeUndefined();
      expect(await red.getHistory('shared-id')).toEqual([]);
      expect(await red.claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect(await red.nextVisibleAt('orchestration', T0 - 1)).toBeUndefined();
      expect(await blue.getHistory('shared-id')).toHaveLength(3);
      expect(await blue.claimActivityWorkItems({ owner: 'w', now: T0, leaseMs: LEASE_MS, maxItems: 10 })).toHaveLength(1);
      const hubs = await PostgresStorageProvider.listHubs(admin(), TEST_SCHEMA);
      expect(hubs).toContain(blue.hubName);
      expect(hubs).not.toContain(red.hubName);
      expect(await PostgresStorageProvider.listHubs(admin(), uniqueName('absent'))).toEqual([]);
    });

    it('pages instances by creation time and purges only finished ones with everything they own', async () => {
      const provider = await open(freshHub());
      for (let i = 0; i < 5; i++) await provider.createInstance(newInstance(`q${i}`, { createdAt: T0 + i }));
      const first = await provider.queryInstances({ pageSize: 2, instanceIdPrefix: 'q' });
      expect(first.instances.map((r) => r.instanceId)).toEqual(['q0', 'q1']);
      const second = await provider.queryInstances({ pageSize: 2, instanceIdPrefix: 'q', ...(first.continuationToken ? { continuationToken: first.continuationToken } : {}) });
      expect(second.instances.map((r) => r.instanceId)).toEqual(['q2', 'q3']);
      const item = (await provider.claimOrchestrationWorkItems({ owner: 'w', now: T0 + 10, leaseMs: LEASE_MS, maxItems: 1 }))[0];
      if (item === undefined) throw new Error('nothing claimed');
      const done = episodeFor(item, { update: { runtimeStatus: 'Completed', completedAt: T0 }, activities: [{ taskId: 0, name: 'A', visibleAt: T0 }] });
      await provider.commitOrchestrationEpisodes('w', [done]);
      expect((await provider.queryInstances({ pageSize: 10, statuses: ['Completed'] })).instances.map((r) => r.instanceId)).toEqual(['q0']);
      expect(await provider.purgeInstances({})).toBe(1);
      expect(await provider.getInstance('q0')).toBeUndefined();
      expect(await provider.getHistory('q0')).toEqual([]);
      expect(await provider.claimActivityWorkItems({ owner: 'w', now: T0 + 10, leaseMs: LEASE_MS, maxItems: 10 })).toEqual([]);
      expect((await provider.queryInstances({ pageSize: 10 })).instances).toHaveLength(4);
    });

    it('keeps JSON text exactly as given (not re-encoded)', async () => {
      const provider = await open(freshHub());
      const input = '{ "b": 1,  "a": [2, 3.50] }';
      await provider.createInstance(newInstance('i1', { input }));
      expect((await provider.getInstance('i1'))?.input).toBe(input);
    });
  });

  describe('postgres storage: failures', () => {
    it('names host, port and database, never the password, when the server is unreachable', async () => {
      const started = Date.now();
      const error: unknown = await createPostgresStorageProvider({
        connectionString: 'postgres://someone:s3cret-pw@127.0.0.1:1/nowhere',
        hubName: 'h',
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(6000);
      expect(error).toBeInstanceOf(StorageError);
      expect(isDurableErrorWithCode(error, 'STORAGE_FAILURE')).toBe(true);
      const message = (error as StorageError).message;
      expect(message).toContain('someone@127.0.0.1:1/nowhere');
      expect(message).not.toContain('s3cret-pw');
    });

    it('names the target when the database does not exist', async () => {
      const url = new URL(testPostgresUrl());
      url.pathname = '/no_such_database_here';
      await expect(createPostgresStorageProvider({ connectionString: url.toString(), hubName: 'h' })).rejects.toThrow(
        /no_such_database_here.*does not exist/,
      );
    });

    it('throws StorageError for any use after close; closing twice is fine', async () => {
      const provider = await openTestProvider(freshHub());
      await provider.close();
      await expect(provider.getInstance('i1')).rejects.toBeInstanceOf(StorageError);
      await expect(provider.createInstance(newInstance('i1'))).rejects.toBeInstanceOf(StorageError);
      await expect(provider.initialize()).rejects.toBeInstanceOf(StorageError);
      await expect(provider.close()).resolves.toBeUndefined();
    });

    it('refuses invalid options with a ConfigurationError', () => {
      expect(() => new PostgresStorageProvider({ hubName: '' })).toThrow(/hubName/);
      expect(() => new PostgresStorageProvider({ hubName: 'h', schema: 'drop table' })).toThrow(/schema/);
      expect(() => new PostgresStorageProvider({ hubName: 'h', connectionString: 'postgres://[bad' })).toThrow(/not a valid PostgreSQL URL/);
    });
  });
});
