import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, type DurableHost } from 'durable-ts';
import { ChildHost, chaosHostJson, makeTempDir, readActivityLog, removeDir, silentLogger, waitUntil } from './crash-harness';
import { chaosFunctions, expectedSum, SEQUENCE_ORCHESTRATOR, type ChaosInput } from './fixtures/chaos-functions';

/** Long enough that work resumed before it ran out can only be work taken over early. */
const LEASE_SECONDS = 30;

/**
 * Issue: after a SIGKILL and a restart, acknowledged work waited for the dead process's leases
 * (30 s). The restarted host proves the previous owner gone (its presence lock on the SQLite file
 * was dropped with its process) and takes the work over at once: the instance completes before
 * the old leases would have expired.
 */
let dir: string | undefined;
let child: ChildHost | undefined;
let host: DurableHost | undefined;

afterEach(async () => {
  try {
    await child?.kill();
    await host?.stop();
  } finally {
    removeDir(dir);
    child = undefined;
    host = undefined;
    dir = undefined;
  }
});

describe('restart after SIGKILL (SQLite)', () => {
  it('resumes the dead host\'s work before its leases would have expired', async () => {
    dir = makeTempDir();
    const dbPath = join(dir, 'durable.sqlite');
    const logFile = join(dir, 'activities.log');
    const base = chaosHostJson(dbPath) as { extensions: { durableTask: Record<string, unknown> } };
    const hostJson = { ...base, extensions: { durableTask: { ...base.extensions.durableTask, leaseDurationInSeconds: LEASE_SECONDS } } };
    const instanceId = 'fast-recovery';
    const count = 20;
    const input: ChaosInput = { count, logFile, delayMs: 200 };

    const doomed = ChildHost.spawn({ hostJson, orchestrator: SEQUENCE_ORCHESTRATOR, instanceId, input }, dir);
    child = doomed;
    await waitUntil(() => doomed.hasExited || readActivityLog(logFile).length >= 3, {
      timeoutMs: 30_000,
      describe: () => `3 activity log lines; ${doomed.describe()}`,
    });
    expect(doomed.hasExited, doomed.describe()).toBe(false);
    await doomed.kill();
    const killedAt = Date.now();

    host = await createDurableHost({ functions: chaosFunctions, hostJson, cwd: dir, env: {}, logger: silentLogger });
    await host.start();
    const leasesWouldExpire = killedAt + LEASE_SECONDS * 1000;
    const final = await host.client.waitForCompletion<number>(instanceId, { timeoutMs: leasesWouldExpire - Date.now() - 2000, pollIntervalMs: 50 });
    expect(final.runtimeStatus, JSON.stringify(final.failureDetails)).toBe('Completed');
    expect(final.output).toBe(expectedSum(count));
    expect(Date.now()).toBeLessThan(leasesWouldExpire);
  }, 60_000);
});
