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
import { COUNTER_ADD, counterId, type CounterState } from './fixtures/scale-out-functions';
import {
  entityEpisodesOf,
  episodesOf,
  historyTypes,
  loggedProblems,
  openClientHost,
  PgAdmin,
  pgHostJson,
  spawnPgWorker,
  totalLeases,
  uniqueHubName,
  uniqueSchemaName,
  unexpectedProblems,
  waitReady,
  type HeldLeases,
} from './postgres-chaos-harness';
import { expectedCounters, planSignals, splitIntoRounds, type PlannedSignal } from './scale-out-signals';

/**
 * Scale-out on PostgreSQL: several worker processes (child hosts) share one hub. A worker killed
 * with SIGKILL or frozen past its lease with SIGSTOP must not lose or duplicate work: every
 * instance completes with the right output, no history has a duplicated event, and every entity
 * operation signalled is applied exactly once. Each test uses a fresh hub (or schema) and deletes
 * it afterwards.
 */

/** The scale-out run's entity signals: 20 rounds of 100 over counters k0–k9; 15 stream out while the run goes on, 5 after the kill. */
const SIGNALS = 2000;
const COUNTER_KEYS = 10;
const SIGNAL_ROUNDS = 20;
const ROUNDS_BEFORE_KILL = 15;

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

  /** Sends one round of signals at once, each to its counter. */
  async function sendSignals(client: DurableHost['client'], round: readonly PlannedSignal[]): Promise<void> {
    await Promise.all(round.map((s) => client.signalEntity(counterId(s.key), COUNTER_ADD, s.amount)));
  }

  /** Reads every counter the signals address; returns key → state (undefined when the entity does not exist). */
  async function readCounters(client: DurableHost['client'], keys: Iterable<string>): Promise<Map<string, CounterState | undefined>> {
    const counters = new Map<string, CounterState | undefined>();
    for (const key of keys) counters.set(key, (await client.readEntityState<CounterState>(counterId(key))).entityState);
    return counters;
  }

  it('three workers run 300 sequences, 20 fan-outs of 50 and 2,000 entity signals; one is SIGKILLed mid-run; all complete once, counts exact', async () => {
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

    // 2,000 signals over 10 counters, in 20 rounds of 100. The first 15 stream out one after the other from
    // the first start on, alongside the orchestrations, so entity batches are running when the kill comes;
    // the last 5 are sent after the kill, so only the survivors can apply them.
    const signals = planSignals(SIGNALS, COUNTER_KEYS);
    const expected = expectedCounters(signals);
    expect(expected.size).toBe(COUNTER_KEYS);
    const rounds = splitIntoRounds(signals, SIGNAL_ROUNDS);
    expect(rounds.map((r) => r.length)).toEqual(Array.from({ length: SIGNAL_ROUNDS }, () => SIGNALS / SIGNAL_ROUNDS));

    const started = Date.now();
    const sendRound = (r: number): Promise<void> => sendSignals(client, rounds[r] ?? []);
    let roundsSent = 0;
    const streamBeforeKill = (async (): Promise<void> => {
      for (; roundsSent < ROUNDS_BEFORE_KILL; roundsSent++) await sendRound(roundsSent);
    })();
    streamBeforeKill.catch(() => undefined); // awaited after the kill; this only keeps an early failure from counting as unhandled
    for (let i = 0; i < plan.length; i += 16) {
      await Promise.all(
        plan.slice(i, i + 16).map((p) => {
          const input: ChaosInput = { count: p.count, logFile, delayMs: 2 };
          return client.startNew(p.orchestrator, { instanceId: p.instanceId, input });
        }),
      );
    }
    const allStarted = Date.now();

    // Kill one worker once at least a third of the instances completed, while it holds leases on work in progress.
    let counts: Record<string, number> = {};
    let victimLeases: HeldLeases = { orchestrations: 0, entities: 0, activities: 0 };
    const done = (): number => Object.entries(counts).filter(([s]) => s !== 'Pending' && s !== 'Running').reduce((n, [, c]) => n + c, 0);
    await waitUntilAsync(
      async () => {
        counts = await admin.statusCounts(hub);
        if (done() < plan.length / 3) return false;
        victimLeases = await admin.leasesHeldBy(hub, victimId);
        return totalLeases(victimLeases) > 0;
      },
      {
        timeoutMs: 40_000,
        describe: () =>
          `a third of ${plan.length} instances to finish while worker ${victim.pid} holds leases; statuses ${JSON.stringify(counts)}, ` +
          `its leases ${JSON.stringify(victimLeases)}; ${workers.map((w) => w.describe()).join('; ')}`,
      },
    );
    const victimEpisodes = episodesOf(victim);
    await victim.kill();
    expect(victim.signalCode).toBe('SIGKILL');
    const killedAt = Date.now();
    const atKill = { ...counts };
    const roundsSentAtKill = roundsSent;
    const victimEntityBatches = entityEpisodesOf(victim);
    const survivorEntityBatchesAtKill = survivors.map(entityEpisodesOf);
    const entityInboxAtKill = await admin.entityInboxLength(hub);
    // The rest of the first 15 rounds (normally all out already), then the last 5: only the survivors can apply them.
    await streamBeforeKill;
    for (let r = ROUNDS_BEFORE_KILL; r < SIGNAL_ROUNDS; r++) await sendRound(r);
    expect(done(), 'everything finished before the kill: the kill was not mid-run').toBeLessThan(plan.length);
    expect(victimEpisodes, `the killed worker committed no episode before the kill: ${victim.describe()}`).toBeGreaterThan(0);
    expect(
      victimEntityBatches + survivorEntityBatchesAtKill.reduce((n, b) => n + b, 0),
      'no entity batch was committed before the kill: the kill did not land in the middle of the signals',
    ).toBeGreaterThan(0);

    // The survivors finish everything (the victim's leases expire after 2 s).
    await waitUntilAsync(
      async () => {
        counts = await admin.statusCounts(hub);
        return done() === plan.length;
      },
      { timeoutMs: 45_000, describe: () => `all ${plan.length} instances to finish; statuses ${JSON.stringify(counts)}; ${survivors.map((w) => w.describe()).join('; ')}` },
    );
    // Every signal is applied: no entity has a message left in its inbox.
    let inbox = 0;
    await waitUntilAsync(
      async () => {
        inbox = await admin.entityInboxLength(hub);
        return inbox === 0;
      },
      { timeoutMs: 30_000, describe: () => `the entities' inboxes to empty; ${inbox} signal(s) left; ${survivors.map((w) => w.describe()).join('; ')}` },
    );
    const finishedAt = Date.now();
    expect(counts).toEqual({ Completed: plan.length });

    // Every counter is exact: each of its signals applied once, none lost, none applied twice, none to another counter.
    const counters = await readCounters(client, expected.keys());
    expect(Object.fromEntries(counters)).toEqual(Object.fromEntries(expected));
    const states = [...counters.values()];
    expect(states.reduce((n, c) => n + (c?.operations ?? 0), 0)).toBe(SIGNALS);
    expect(states.reduce((n, c) => n + (c?.value ?? 0), 0)).toBe(signals.reduce((n, s) => n + s.amount, 0));
    // The survivors applied the signals sent after the kill.
    const survivorEntityBatches = survivors.map(entityEpisodesOf);
    expect(
      survivorEntityBatches.reduce((n, b) => n + b, 0),
      `the survivors committed no entity batch after the kill: ${survivors.map((w) => w.describe()).join('; ')}`,
    ).toBeGreaterThan(survivorEntityBatchesAtKill.reduce((n, b) => n + b, 0));

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
    // Nothing went wrong in the survivors beyond lost leases (which fencing turns into no-ops).
    expect(survivors.flatMap(unexpectedProblems)).toEqual([]);

    say(
      `scale-out: killed ${victim.pid} (holding leases ${JSON.stringify(victimLeases)}) after ${killedAt - started} ms with ${JSON.stringify(atKill)} ` +
        `after ${roundsSentAtKill} signal round(s), with ${entityInboxAtKill} signal(s) waiting; all done ${finishedAt - killedAt} ms later; ` +
        `episodes per worker ${episodes.join('/')}; entity batches per worker ${victimEntityBatches}/${survivorEntityBatches.join('/')} ` +
        `(survivors ${survivorEntityBatchesAtKill.join('/')} at the kill); activities per worker ${workers.map(activitiesBy).join('/')} ` +
        `(${activityLog.length - totalActivities} re-runs); all started after ${allStarted - started} ms; warnings/errors logged by survivors ${survivors.map((w) => loggedProblems(w).length).join('/')}`,
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

  it('a worker frozen (SIGSTOP) past its lease cannot commit its stale episode once thawed (SIGCONT): lease.lost, no duplicates', async () => {
    dir = makeTempDir();
    const hub = uniqueHubName('frozen');
    hubs.push(hub);
    const logFile = join(dir, 'activities.log');
    const markerFile = join(dir, 'second-episode.log');
    // The frozen episode must be one the worker claimed, for its lease to be the thing lost. With
    // local dispatch the second episode may instead run on the worker's own activity result
    // without a claim; a stale commit of that kind is refused by the same fence (history length,
    // the work item taken over) and logged at debug, as the contract suite checks.
    const hostJson = pgHostJson({ hubName: hub, leaseSeconds: 2, localActivityDispatch: false });
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
      loggedProblems(victim).filter((p) => p['event'] === 'orchestration.lease.lost' && p['instanceId'] === 'slow');
    await waitUntil(() => leaseLost().length > 0, { timeoutMs: 15_000, describe: () => `the thawed worker to log orchestration.lease.lost for 'slow'; ${victim.describe()}` });
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
    say(`frozen: took over ${tookOverAfter} ms after SIGSTOP; victim logged ${loggedProblems(victim).length} lease.lost line(s), other ${loggedProblems(other).length}`);
  }, 60_000);
});
