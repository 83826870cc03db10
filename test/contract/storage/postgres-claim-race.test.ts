import { afterEach, expect, it } from 'vitest';
import pg from 'pg';
import type { PostgresStorageProvider } from '../../../src/storage/postgres';
import { postgresTables } from '../../../src/storage/postgres/postgres-tables';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';
import { openTestProvider, TEST_SCHEMA, usePostgresTestHubs } from './postgres-test-setup';
import { eventRaised, LEASE_MS, newInstance, T0 } from './storage-fixtures';

/**
 * A claim sees an instance's messages, but another worker consumes them before the claim locks
 * the row (it claimed, ran and committed that instance in between). The claim then holds a lease
 * on an instance with nothing to do; it must give it back at once, or the instance's next
 * message would wait out the whole lease (30 s by default) with nobody working on it.
 */
describeIfPostgres('postgres storage: a claim that finds its messages already consumed', () => {
  const { admin, freshHub } = usePostgresTestHubs();
  const opened: PostgresStorageProvider[] = [];
  let other: pg.Client | undefined;
  afterEach(async () => {
    await other?.query('ROLLBACK').catch(() => undefined);
    await other?.end();
    other = undefined;
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  it('releases the lease, so the next message is claimed at once', async () => {
    const hub = freshHub();
    const provider = await openTestProvider(hub);
    opened.push(provider);
    await provider.createInstance(newInstance('x'));
    const tables = postgresTables(TEST_SCHEMA);

    // Another writer consumes x's message in a transaction that is still open.
    other = new pg.Client({ connectionString: testPostgresUrl() });
    await other.connect();
    await other.query('BEGIN');
    const consumed = await other.query(`DELETE FROM ${tables.messages} WHERE hub = $1 AND instance_id = 'x'`, [hub]);
    expect(consumed.rowCount).toBe(1);

    // The claim sees the message (not yet deleted for it), leases x, then waits for the message row.
    const claim = provider.claimOrchestrationWorkItems({ owner: 'late', now: T0, leaseMs: LEASE_MS, maxItems: 10 });
    // Asked on another connection: inside a transaction, pg_stat_activity keeps showing one snapshot.
    const blocked = async (): Promise<boolean> => {
      const waiting = await admin().query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%claim_orchestration_items%'`,
      );
      return (waiting.rowCount ?? 0) > 0;
    };
    await waitFor(blocked, 'the claim to wait for the message row');
    await other.query('COMMIT');
    expect(await claim).toEqual([]);

    // A new message for x: another worker claims it now, not after the late claim's lease.
    await provider.sendToInstance('x', eventRaised('next'), T0);
    const next = await provider.claimOrchestrationWorkItems({ owner: 'next', now: T0 + 1, leaseMs: LEASE_MS, maxItems: 10 });
    expect(next.map((item) => item.instance.instanceId)).toEqual(['x']);
    expect(next[0]?.messages.map((m) => m.event.type)).toEqual(['EventRaised']);
  });
});
