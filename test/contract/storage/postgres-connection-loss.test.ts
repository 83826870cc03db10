import { createServer, type Server, type Socket, connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import pg from 'pg';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { postgresTables } from '../../../src/storage/postgres/postgres-tables';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';
import { openTestProvider, TEST_SCHEMA, uniqueName, usePostgresTestHubs } from './postgres-test-setup';
import { eventRaised, LEASE_MS, newInstance, startWithActivity, T0, taskCompleted } from './storage-fixtures';

/**
 * The database connection breaks under a running provider (here: its backends are terminated,
 * or the TCP path to the server is cut). Transient connection errors are retried inside the
 * provider on a new connection; a request that still cannot be served fails with the typed
 * StorageUnavailableError (HTTP 503), never a bare 500 or a lost activity result.
 */
describeIfPostgres('postgres storage: connection loss', () => {
  const { admin, freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  /** A provider on a fresh hub that reaches the server through a proxy the test can cut. */
  const openBehindProxy = async (options: { preparedStatements?: boolean } = {}): Promise<{ proxy: Proxy; provider: PostgresStorageProvider }> => {
    const proxy = await startProxy(new URL(testPostgresUrl()));
    cleanups.push(() => proxy.close());
    const url = new URL(testPostgresUrl());
    url.host = `127.0.0.1:${proxy.port}`;
    const provider = await openTestProvider(freshHub(), { connectionString: url.toString(), ...options });
    opened.push(provider);
    return { proxy, provider };
  };

  it('saves an activity result whose transaction lost its connection mid-way', async () => {
    const hub = freshHub();
    const application = uniqueName('loss');
    const provider = await openTestProvider(hub, { pool: { application_name: application } });
    opened.push(provider);
    await startWithActivity(provider, 'i');
    const [activity] = await provider.claimActivityWorkItems({ owner: 'a', now: T0, leaseMs: LEASE_MS, maxItems: 1 });
    expect(activity).toBeDefined();

    // Hold the work item's row, so the provider's transaction waits on it with its connection open.
    const holder = new pg.Client({ connectionString: testPostgresUrl() });
    await holder.connect();
    cleanups.push(async () => {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    });
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM ${postgresTables(TEST_SCHEMA).activities} WHERE hub = $1 AND work_item_id = $2 FOR UPDATE`, [hub, activity!.workItemId]);

    const saving = provider.completeActivityWorkItems([{ workItemId: activity!.workItemId, instanceId: 'i', event: taskCompleted(0) }], T0 + 1);
    const waiting = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'`;
    const pids = await waitFor(async () => {
      const rows = (await admin().query<{ pid: number }>(waiting, [application])).rows;
      return rows.length > 0 ? rows.map((row) => row.pid) : undefined;
    }, 'the result transaction to wait for the row');
    await admin().query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    await holder.query('ROLLBACK');

    expect(await saving).toBe(1);
    const [item] = await provider.claimOrchestrationWorkItems({ owner: 'o', now: T0 + 2, leaseMs: LEASE_MS, maxItems: 1 });
    expect(item?.messages.map((m) => m.event.type)).toEqual(['TaskCompleted']);
  });

  it('answers reads and claims after every connection of the provider was terminated', async () => {
    const hub = freshHub();
    const application = uniqueName('loss');
    const provider = await openTestProvider(hub, { pool: { application_name: application } });
    opened.push(provider);
    await startWithActivity(provider, 'j');
    await admin().query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [application]);
    expect((await provider.getInstance('j'))?.runtimeStatus).toBe('Running');
    const claimed = await provider.claimActivityWorkItems({ owner: 'a', now: T0, leaseMs: LEASE_MS, maxItems: 5 });
    expect(claimed.map((c) => c.instanceId)).toEqual(['j']);
  });

  it('fails with StorageUnavailableError, writing nothing, while the server cannot be reached', async () => {
    const { proxy, provider } = await openBehindProxy();
    await startWithActivity(provider, 'k');

    proxy.cut();
    const error: unknown = await provider.getInstance('k').then(() => undefined, (e: unknown) => e);
    expect(isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect(error).toMatchObject({ outcome: 'not-written', retryAfterSeconds: expect.any(Number) });

    proxy.restore();
    expect((await provider.getInstance('k'))?.runtimeStatus).toBe('Running');
  });

  it('reports a transaction whose COMMIT was cut off as of unknown outcome, and does not send it again', async () => {
    const { proxy, provider } = await openBehindProxy();
    await provider.createInstance(newInstance('live'));

    // The proxy drops the connection instead of passing on the query that carries COMMIT. A start
    // and an event issued together are one batch of two kinds, which commits as a transaction.
    proxy.cutWhenSent('COMMIT');
    const results = await Promise.allSettled([provider.createInstance(newInstance('cut')), provider.sendToInstance('live', eventRaised('cut'), T0)]);
    for (const result of results) {
      const error: unknown = result.status === 'rejected' ? result.reason : undefined;
      expect(isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
      expect(error).toMatchObject({ outcome: 'unknown', attempts: 1 });
    }
    expect(proxy.cuts()).toBe(1);

    proxy.restore();
    expect(await provider.getInstance('cut')).toBeUndefined();
    const item = await provider.claimOrchestrationWorkItems({ owner: 'o', now: T0, leaseMs: LEASE_MS, maxItems: 5 });
    expect(item.flatMap((i) => i.messages.map((m) => m.event.type))).toEqual(['ExecutionStarted']);
  });

  it('reports a start whose one statement was cut off on its way as of unknown outcome, and does not send it again', async () => {
    // Unprepared, so the statement's text is on the wire for the proxy to find.
    const { proxy, provider } = await openBehindProxy({ preparedStatements: false });
    await provider.createInstance(newInstance('before'));

    proxy.cutWhenSent('placed AS');
    const error: unknown = await provider.createInstance(newInstance('cut')).then(() => undefined, (e: unknown) => e);
    expect(isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect(error).toMatchObject({ outcome: 'unknown', attempts: 1 });
    expect(proxy.cuts()).toBe(1);

    proxy.restore();
    expect(await provider.getInstance('cut')).toBeUndefined();
    expect((await provider.getInstance('before'))?.runtimeStatus).toBe('Pending');
  });

  it('reports a raised event whose one statement was cut off on its way as of unknown outcome, and does not send it again', async () => {
    const { proxy, provider } = await openBehindProxy({ preparedStatements: false });
    await provider.createInstance(newInstance('live'));

    proxy.cutWhenSent('found AS');
    const error: unknown = await provider.sendToInstance('live', eventRaised('cut'), T0).then(() => undefined, (e: unknown) => e);
    expect(isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect(error).toMatchObject({ outcome: 'unknown', attempts: 1 });
    expect(proxy.cuts()).toBe(1);

    proxy.restore();
    const item = await provider.claimOrchestrationWorkItems({ owner: 'o', now: T0, leaseMs: LEASE_MS, maxItems: 5 });
    expect(item.flatMap((i) => i.messages.map((m) => m.event.type))).toEqual(['ExecutionStarted']);
  });

  it('fails every client write of a batch with StorageUnavailableError while the server cannot be reached', async () => {
    const { proxy, provider } = await openBehindProxy();
    await startWithActivity(provider, 'live');

    proxy.cut();
    const results = await Promise.allSettled([
      provider.createInstance(newInstance('a')),
      provider.sendToInstance('live', eventRaised('go'), T0),
      provider.createInstance(newInstance('b')),
      provider.sendToEntity('@counter@k', eventRaised('add'), T0),
    ]);
    for (const result of results) {
      const error: unknown = result.status === 'rejected' ? result.reason : undefined;
      expect(isDurableErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    }

    proxy.restore();
    for (const id of ['a', 'b', '@counter@k']) expect(await provider.getInstance(id)).toBeUndefined();
    // After the setup episode's lease ran out: no message (the event was not written) means nothing to claim.
    expect(await provider.claimOrchestrationWorkItems({ owner: 'o', now: T0 + 2 * LEASE_MS, leaseMs: LEASE_MS, maxItems: 5 })).toEqual([]);
  });
});

interface Proxy {
  readonly port: number;
  /** Drops every open connection and refuses new ones until restore(). */
  cut(): void;
  /** From now until restore(), drops a connection (without passing them on) when its client sends bytes containing `text`. */
  cutWhenSent(text: string): void;
  /** How many connections cutWhenSent dropped. */
  cuts(): number;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP proxy to the test server, so a test can cut the provider off without touching the server. */
async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let refusing = false;
  let cutMarker: string | undefined;
  let cuts = 0;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      if (cutMarker !== undefined && chunk.includes(cutMarker)) {
        cuts++;
        client.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    cut: () => {
      refusing = true;
      dropAll();
    },
    cutWhenSent: (text) => {
      cutMarker = text;
    },
    cuts: () => cuts,
    restore: () => {
      refusing = false;
      cutMarker = undefined;
    },
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
