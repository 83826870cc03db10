import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { DurableHost, HistoryEvent } from 'durable-ts';
import { POSTGRES_SCHEMA_VERSION } from '../../src/storage/postgres';
import { describeIfPostgres } from '../support/postgres';
import { ChildHost, historyProblems, makeTempDir, readActivityLog, removeDir, waitUntil, waitUntilAsync } from './crash-harness';
import {
  expectedSum,
  FAN_OUT_ORCHESTRATOR,
  SEQUENCE_ORCHESTRATOR,
  SLOW_EPISODE_ORCHESTRATOR,
  workResult,
  type ChaosInput,
  type SlowEpisodeInput,
} from './fixtures/chaos-functions';
import {
  episodesOf,
  historyTypes,
  isActivityDeadlock,
  loggedProblems,
  openClientHost,
  PgAdmin,
  pgHostJson,
  spawnPgWorker,
  uniqueHubName,
  uniqueSchemaName,
  unexpectedProblems,
  waitReady,
} from './postgres-chaos-harness';

/**
 * Scale-out on PostgreSQL: several worker processes (child hosts) share one hub. A worker killed
 * with SIGKILL or frozen past its lease with SIGSTOP must not lose or duplicate work: every
 * instance completes with the right output, and no history has a duplicated event. Each test
 * uses a fresh hub (or schema) and deletes it afterwards. Entity operations are not implemented
 * yet, so the scale-out run has no entity signals.
 */

const verbose = process.env.CHAOS_VERBOSE !== undefined;
const say = (line: string): void => {
  if (verbose) console.log(`[chaos/pg] ${line}`);
};

describeIfPostgres('PostgreSQL scale-out: worker processes sharing one hub', () => {
  const admin = new PgAdmin();
  let dir: string | undefined;
  let workers: ChildHost[] = [];
  let host: DurableHost | undefined;
  const hubs: string[] = [];
  const schemas: string[] = [];

  afterEach(async () => {
    try {
      // SIGKILL ends frozen (SIGSTOPped) workers too; the hub is deleted only once nobody writes to it.
      await Promise.all(workers.map((w) => w.kill()));
      await host?.stop();
      for (const hub of hubs.splice(0)) await admin.deleteHub(hub);
      for (const schema of schemas.splice(0)) await admin.dropSchema(schema);
    } finally {
      removeDir(dir);
      workers = [];
      host = undefined;
      dir = undefined;
    }
  });

  afterAll(async () => {
    await admin.end();
  });

  interface Planned {
    readonly instanceId: string;
    readonly orchestrator: string;
    readonly count: number;
  }

  /** Reads every instance from storage and lists whatever is wrong with its status, output or history. */
  async function instanceProblems(client: DurableHost['client'], plan: readonly Planned[]): Promise<string[]> {
    const problems: string[] = [];
    for (const p of plan) {
      const status = await client.getStatus(p.instanceId, { showHistory: true, showHistoryOutput: true });
      if (status === undefined) {
        problems.push(`${p.instanceId}: not found`);
        continue;
      }
      if (status.runtimeStatus !== 'Completed') problems.push(`${p.instanceId}: ${status.runtimeStatus} ${JSON.stringify(status.failureDetails)}`);
      else if (status.output !== expectedSum(p.count)) problems.push(`${p.instanceId}: output ${JSON.stringify(status.output)}, expected ${expectedSum(p.count)}`);
      const history: readonly HistoryEvent[] = status.historyEvents ?? [];
      for (const problem of historyProblems(history, p.count, workResult)) problems.push(`${p.instanceId}: ${problem} [${historyTypes(history)}]`);
    }
    return problems;
  }

  it('three workers run 300 sequences and 20 fan-outs of 50; one is SIGKILLed mid-run; all complete once, spread over the workers', async () => {
    dir = makeTempDir();
    const hub = uniqueHubName('scale');
    hubs.push(hub);
    const logFile = join(dir, 'activities.log');
    const hostJson = pgHostJson({ hubName: hub, leaseSeconds: 2, maxConcurrentActivities: 16, maxConcurrentOrchestrations: 16 });
    workers = [0, 1, 2].map(() => spawnPgWorker({ hostJson }, dir as string));
    const workerIds = await Promise.all(workers.map((w) => waitReady(w)));
    const [victim, ...survivors] = workers as [ChildHost, ChildHost, ChildHost];
    const victimId = workerIds[0] as string;
    host = await openClientHost(hub, dir);

    // 300 Hello-Sequence-like chains of 3 activities and 20 fan-outs of 50, fan-outs spread among them.
    const plan: Planned[] = [];
    for (let i = 0; i < 320; i++) {
      const fanOut = i % 16 === 0;
      plan.push({ instanceId: `${fanOut ? 'fan' : 'seq'}-${i}`, orchestrator: fanOut ? FAN_OUT_ORCHESTRATOR : SEQUENCE_ORCHESTRATOR, count: fanOut ? 50 : 3 });
    }
    expect(plan.filter((p) => p.orchestrator === FAN_OUT_ORCHESTRATOR)).toHaveLength(20);
    const client = host.client;
    const started = Date.now();
    for (let i = 0; i < plan.length; i += 16) {
      await Promise.all(
        plan.slice(i, i + 16).map((p) => {
          const input: ChaosInput = { count: p.count, logFile, delayMs: 2 };
          return client.startNew(p.orchestrator, { instanceId: p.instanceId, input });
        }),
      );
    }

    // Kill one worker once at least a third of the instances completed, while it holds leases on work in progress.
    let counts: Record<string, number> = {};
    let victimLeases = 0;
    const done = (): number => Object.entries(counts).filter(([s]) => s !== 'Pending' && s !== 'Running').reduce((n, [, c]) => n + c, 0);
    await waitUntilAsync(
      async () => {
        counts = await admin.statusCounts(hub);
        if (done() < plan.length / 3) return false;
        victimLeases = await admin.leasesHeldBy(hub, victimId);
        return victimLeases > 0;
      },
      {
        timeoutMs: 40_000,
        describe: () =>
          `a third of ${plan.length} instances to finish while worker ${victim.pid} holds leases; statuses ${JSON.stringify(counts)}, ` +
          `its leases ${victimLeases}; ${workers.map((w) => w.describe()).join('; ')}`,
      },
    );
    const victimEpisodes = episodesOf(victim);
    await victim.kill();
    expect(victim.signalCode).toBe('SIGKILL');
    const killedAt = Date.now();
    const atKill = { ...counts };
    expect(done(), 'everything finished before the kill: the kill was not mid-run').toBeLessThan(plan.length);
    expect(victimEpisodes, `the killed worker committed no episode before the kill: ${victim.describe()}`).toBeGreaterThan(0);

    // The survivors finish everything (the victim's leases expire after 2 s).
    await waitUntilAsync(
      async () => {
        counts = await admin.statusCounts(hub);
        return done() === plan.length;
      },
      { timeoutMs: 45_000, describe: () => `all ${plan.length} instances to finish; statuses ${JSON.stringify(counts)}; ${survivors.map((w) => w.describe()).join('; ')}` },
    );
    const finishedAt = Date.now();
    expect(counts).toEqual({ Completed: plan.length });

    // Right outputs, no duplicated history events (read through a client whose worker never ran).
    expect(await instanceProblems(client, plan)).toEqual([]);

    // The work was really spread: every worker committed episodes and ran activities.
    const episodes = workers.map(episodesOf);
    for (const [i, n] of episodes.entries()) expect(n, `worker ${i} committed no episode: ${workers[i]?.describe()}`).toBeGreaterThan(0);
    const activityLog = readActivityLog(logFile);
    const activitiesBy = (w: ChildHost): number => activityLog.filter((e) => e.pid === w.pid).length;
    for (const w of workers) expect(activitiesBy(w), `worker ${w.pid} ran no activity`).toBeGreaterThan(0);
    expect(activityLog.every((e) => workers.some((w) => w.pid === e.pid))).toBe(true);
    const totalActivities = plan.reduce((n, p) => n + p.count, 0);
    expect(activityLog.length).toBeGreaterThanOrEqual(totalActivities); // at-least-once: re-runs of the victim's work add lines
    // The survivors kept working after the kill (the victim's work went to them).
    for (const w of survivors) expect(episodesOf(w), `survivor ${w.pid} stopped working`).toBeGreaterThan(0);
    // Nothing went wrong in the survivors beyond lost leases (which fencing turns into no-ops) and the known deadlock.
    expect(survivors.flatMap(unexpectedProblems)).toEqual([]);
    const deadlocks = survivors.flatMap((w) => loggedProblems(w).filter(isActivityDeadlock));
    if (deadlocks.length > 0) console.warn(`[chaos/pg] known framework problem seen (see isActivityDeadlock): ${deadlocks.length} activity result batch(es) deadlocked and were redone`);

    say(
      `scale-out: killed ${victim.pid} (holding ${victimLeases} leases) after ${killedAt - started} ms with ${JSON.stringify(atKill)}; all done ${finishedAt - killedAt} ms later; ` +
        `episodes per worker ${episodes.join('/')}; activities per worker ${workers.map(activitiesBy).join('/')} ` +
        `(${activityLog.length - totalActivities} re-runs); warnings/errors logged by survivors ${survivors.map((w) => loggedProblems(w).length).join('/')}`,
    );
  }, 120_000);

  it('two processes starting at once on an empty schema both migrate, come up and run an orchestration', async () => {
    dir = makeTempDir();
    const schema = uniqueSchemaName('chaos_migrate');
    schemas.push(schema);
    const hub = uniqueHubName('migrate');
    const logFile = join(dir, 'activities.log');
    const hostJson = pgHostJson({ hubName: hub, schema });
    const ids = ['race-a', 'race-b'];
    workers = ids.map((instanceId) =>
      spawnPgWorker(
        { hostJson, waitForGo: true, run: { orchestrator: SEQUENCE_ORCHESTRATOR, instanceId, input: { count: 3, logFile, delayMs: 1 }, timeoutMs: 20_000 } },
        dir as string,
      ),
    );
    // Both processes have loaded their code; the schema does not exist yet; then both go in the same tick.
    await Promise.all(workers.map((w) => w.waitForLine(/^loaded \d+$/, 20_000, `worker ${w.pid} to load`)));
    expect(await admin.schemaExists(schema)).toBe(false);
    for (const w of workers) w.send('go');

    const outcomes = await Promise.all(
      workers.map((w, i) => w.waitForLine(new RegExp(`^completed ${ids[i]} (\\S+) (.*)$`), 30_000, `worker ${w.pid} to run ${ids[i]}`)),
    );
    for (const [, status, output] of outcomes) {
      expect(status).toBe('Completed');
      expect(JSON.parse(output ?? 'null')).toBe(expectedSum(3));
    }
    for (const w of workers) expect(loggedProblems(w)).toEqual([]);
    expect(await admin.schemaVersion(schema)).toBe(String(POSTGRES_SCHEMA_VERSION));

    host = await openClientHost(hub, dir, schema);
    expect(await instanceProblems(host.client, ids.map((instanceId) => ({ instanceId, orchestrator: SEQUENCE_ORCHESTRATOR, count: 3 })))).toEqual([]);
  }, 60_000);

  it('a worker frozen (SIGSTOP) past its lease cannot commit its stale episode once thawed (SIGCONT): lease_lost, no duplicates', async () => {
    dir = makeTempDir();
    const hub = uniqueHubName('frozen');
    hubs.push(hub);
    const logFile = join(dir, 'activities.log');
    const markerFile = join(dir, 'second-episode.log');
    const hostJson = pgHostJson({ hubName: hub, leaseSeconds: 2 });
    workers = [0, 1].map(() => spawnPgWorker({ hostJson }, dir as string));
    const workerIds = await Promise.all(workers.map((w) => waitReady(w)));
    host = await openClientHost(hub, dir);

    // The slow instance: its second episode spins 1.5 s; a fan-out keeps activities in flight in both workers meanwhile.
    const slow: SlowEpisodeInput = { count: 2, logFile, delayMs: 5, markerFile, spinMs: 1500 };
    await host.client.startNew(SLOW_EPISODE_ORCHESTRATOR, { instanceId: 'slow', input: slow });
    await host.client.startNew(FAN_OUT_ORCHESTRATOR, { instanceId: 'busy', input: { count: 40, logFile, delayMs: 150 } satisfies ChaosInput });

    // Freeze the worker that is inside the second episode of 'slow' (it announced itself in the marker file).
    const markers = (): number[] =>
      existsSync(markerFile) ? readFileSync(markerFile, 'utf8').split('\n').filter((l) => /^\d+$/.test(l)).map(Number) : [];
    await waitUntil(() => markers().length > 0, { timeoutMs: 20_000, describe: () => `a worker to start the second episode; ${workers.map((w) => w.describe()).join('; ')}` });
    const victimPid = markers()[0];
    const victimIndex = workers.findIndex((w) => w.pid === victimPid);
    expect(victimIndex, `marker pid ${victimPid} is not a worker`).toBeGreaterThanOrEqual(0);
    const victim = workers[victimIndex] as ChildHost;
    const other = workers[1 - victimIndex] as ChildHost;
    victim.pause();
    const pausedAt = Date.now();
    const historyAtPause = await admin.historyLength(hub, 'slow');

    // Takeover: once the victim's lease expired, the other worker runs the same episode (it, too,
    // announces itself) and commits it, so the history grows past what it was at the pause.
    await waitUntilAsync(async () => markers().length >= 2 && (await admin.historyLength(hub, 'slow')) > historyAtPause, {
      timeoutMs: 20_000,
      describe: async () =>
        `the other worker to take over 'slow' (markers ${JSON.stringify(markers())}, history ${await admin.historyLength(hub, 'slow')} events, ` +
        `${historyAtPause} at the pause, locked by ${await admin.lockedBy(hub, 'slow')}); ${other.describe()}`,
    });
    const tookOverAfter = Date.now() - pausedAt;
    expect(markers()).toEqual([victim.pid, other.pid]);
    expect(tookOverAfter, 'the episode was taken over before the lease could have expired').toBeGreaterThanOrEqual(1000);

    // Thaw the victim: it finishes its episode and tries to commit it; the fence refuses.
    victim.resume();
    const victimOwner = workerIds[victimIndex];
    const leaseLost = (): Array<Record<string, unknown>> =>
      loggedProblems(victim).filter((p) => p['event'] === 'orchestration.lease_lost' && p['instanceId'] === 'slow');
    await waitUntil(() => leaseLost().length > 0, { timeoutMs: 15_000, describe: () => `the thawed worker to log orchestration.lease_lost for 'slow'; ${victim.describe()}` });
    expect(leaseLost()[0]).toMatchObject({ level: 'warn', owner: victimOwner });

    for (const id of ['slow', 'busy']) {
      const status = await host.client.waitForCompletion(id, { timeoutMs: 30_000, pollIntervalMs: 50 });
      expect(status.runtimeStatus, `${id}: ${JSON.stringify(status.failureDetails)}`).toBe('Completed');
    }
    expect(
      await instanceProblems(host.client, [
        { instanceId: 'slow', orchestrator: SLOW_EPISODE_ORCHESTRATOR, count: 2 },
        { instanceId: 'busy', orchestrator: FAN_OUT_ORCHESTRATOR, count: 40 },
      ]),
    ).toEqual([]);
    // The thawed worker is still alive and had nothing worse than lost leases to report.
    expect(victim.hasExited, victim.describe()).toBe(false);
    for (const w of workers) expect(unexpectedProblems(w)).toEqual([]);
    say(`frozen: took over ${tookOverAfter} ms after SIGSTOP; victim logged ${loggedProblems(victim).length} lease_lost line(s), other ${loggedProblems(other).length}`);
  }, 60_000);
});
