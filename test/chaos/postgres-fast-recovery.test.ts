import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createDurableHost, type DurableHost } from 'durable-ts';
import { describeIfPostgres } from '../support/postgres';
import { ChildHost, makeTempDir, readActivityLog, removeDir, silentLogger, waitUntil, waitUntilAsync } from './crash-harness';
import { expectedSum, SEQUENCE_ORCHESTRATOR, type ChaosInput } from './fixtures/chaos-functions';
import { scaleOutFunctions } from './fixtures/scale-out-functions';
import { PgAdmin, pgHostJson, spawnPgWorker, totalLeases, uniqueHubName, waitReady } from './postgres-chaos-harness';

/** Long enough that work resumed before it ran out can only be work taken over early. */
const LEASE_SECONDS = 30;

/**
 * Issue 18, item 6 on PostgreSQL: after a worker process is SIGKILLed, its work waited for its
 * leases (30 s). A host that starts on the hub sees that the dead worker's session advisory lock
 * is free (its connection died with it) and takes its leases over at once: the instance completes
 * before the old leases would have expired. No assertion on speed: only on that deadline.
 */
describeIfPostgres('restart after SIGKILL (PostgreSQL)', () => {
  const admin = new PgAdmin();
  let dir: string | undefined;
  let worker: ChildHost | undefined;
  let host: DurableHost | undefined;
  const hubs: string[] = [];

  afterEach(async () => {
    try {
      await worker?.kill();
      await host?.stop();
      for (const hub of hubs.splice(0)) await admin.deleteHub(hub);
    } finally {
      removeDir(dir);
      worker = undefined;
      host = undefined;
      dir = undefined;
    }
  });

  afterAll(async () => {
    await admin.end();
  });

  it('resumes the dead worker\'s work before its leases would have expired', async () => {
    dir = makeTempDir();
    const hubName = uniqueHubName('FastRecovery');
    hubs.push(hubName);
    const hostJson = pgHostJson({ hubName, leaseSeconds: LEASE_SECONDS });
    const logFile = join(dir, 'activities.log');
    const instanceId = 'pg-fast-recovery';
    const count = 20;
    const input: ChaosInput = { count, logFile, delayMs: 200 };

    const doomed = spawnPgWorker({ hostJson, run: { orchestrator: SEQUENCE_ORCHESTRATOR, instanceId, input, timeoutMs: 120_000 } }, dir);
    worker = doomed;
    const doomedId = await waitReady(doomed);
    await waitUntil(() => doomed.hasExited || readActivityLog(logFile).length >= 3, {
      timeoutMs: 30_000,
      describe: () => `3 activity log lines; ${doomed.describe()}`,
    });
    expect(doomed.hasExited, doomed.describe()).toBe(false);
    // Killed while it holds a lease (an activity runs 200 ms of every step): that lease is what must be taken over early.
    await waitUntilAsync(async () => totalLeases(await admin.leasesHeldBy(hubName, doomedId)) > 0, {
      timeoutMs: 10_000,
      describe: () => `a lease held by ${doomedId}`,
    });
    await doomed.kill();
    const killedAt = Date.now();

    host = await createDurableHost({ functions: scaleOutFunctions, hostJson, cwd: dir, env: {}, logger: silentLogger });
    await host.start();
    expect(host.workerId).not.toBe(doomedId);
    const leasesWouldExpire = killedAt + LEASE_SECONDS * 1000;
    const final = await host.client.waitForCompletion<number>(instanceId, { timeoutMs: leasesWouldExpire - Date.now() - 2000, pollIntervalMs: 50 });
    expect(final.runtimeStatus, JSON.stringify(final.failureDetails)).toBe('Completed');
    expect(final.output).toBe(expectedSum(count));
    expect(Date.now()).toBeLessThan(leasesWouldExpire);
  }, 90_000);
});
