import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, type DurableHost, type HistoryEvent } from 'durable-ts';
import {
  ChildHost,
  chaosHostJson,
  historyProblems,
  makeTempDir,
  range,
  readActivityLog,
  removeDir,
  silentLogger,
  waitUntil,
} from './crash-harness';
import {
  chaosFunctions,
  expectedSum,
  FAN_OUT_ORCHESTRATOR,
  SEQUENCE_ORCHESTRATOR,
  workResult,
  type ChaosInput,
} from './fixtures/chaos-functions';

/**
 * Crash tests (DESIGN.md §3, atomic checkpoint): a host in a child process is killed with SIGKILL
 * in the middle of an orchestration; a new host on the same SQLite file must finish the instance
 * with the right output, without duplicated history, and every activity must have run at least
 * once (at-least-once: a few may have run twice, in the dead host and in the new one).
 */

interface Scenario {
  readonly orchestrator: string;
  readonly count: number;
  readonly delayMs: number;
  /** The child is killed once at least this many activities have logged that they ran. */
  readonly killAfter: number;
}

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

async function killMidRunThenRecover(scenario: Scenario): Promise<void> {
  dir = makeTempDir();
  const dbPath = join(dir, 'durable.sqlite');
  const logFile = join(dir, 'activities.log');
  const hostJson = chaosHostJson(dbPath);
  const instanceId = `chaos-${scenario.orchestrator}`;
  const input: ChaosInput = { count: scenario.count, logFile, delayMs: scenario.delayMs };

  // 1. The child host starts the instance and works on it until enough activities have run.
  const started = Date.now();
  const doomed = ChildHost.spawn({ hostJson, orchestrator: scenario.orchestrator, instanceId, input }, dir);
  child = doomed;
  const childPid = doomed.pid;
  await waitUntil(() => doomed.hasExited || readActivityLog(logFile).length >= scenario.killAfter, {
    timeoutMs: 30_000,
    describe: () => `${scenario.killAfter} activity log lines (have ${readActivityLog(logFile).length}); ${doomed.describe()}`,
  });
  expect(doomed.hasExited, `the child host ended on its own before the kill: ${doomed.describe()}`).toBe(false);
  await doomed.kill();
  expect(doomed.signalCode).toBe('SIGKILL');
  const killedAt = Date.now();

  const beforeKill = readActivityLog(logFile);
  const ranInChild = new Set(beforeKill.filter((e) => e.pid === childPid).map((e) => e.index));
  expect(beforeKill.every((e) => e.pid === childPid)).toBe(true);
  // The kill landed mid-run: the child finished some activities, but not all.
  expect(ranInChild.size).toBeGreaterThanOrEqual(scenario.killAfter);
  expect(ranInChild.size).toBeLessThan(scenario.count);

  // 2. A new host on the same database file finishes the instance (after the dead host's leases expire).
  host = await createDurableHost({ functions: chaosFunctions, hostJson, cwd: dir, env: {}, logger: silentLogger });
  await host.start();
  const final = await host.client.waitForCompletion<number>(instanceId, { timeoutMs: 60_000, pollIntervalMs: 100 });
  const recoveredAt = Date.now();
  expect(final.runtimeStatus, JSON.stringify(final.failureDetails)).toBe('Completed');
  expect(final.output).toBe(expectedSum(scenario.count));

  // 3. No duplicated history.
  const status = await host.client.getStatus(instanceId, { showHistory: true, showHistoryOutput: true });
  const history: readonly HistoryEvent[] = status?.historyEvents ?? [];
  expect(historyProblems(history, scenario.count, workResult)).toEqual([]);
  expect(await host.storage.getHistory(instanceId)).toEqual(history);

  // 4. Every activity ran at least once; the ones the child had not finished ran in this process.
  const all = readActivityLog(logFile);
  const ran = new Set(all.map((e) => e.index));
  expect(range(scenario.count).filter((i) => !ran.has(i))).toEqual([]);
  expect([...ran].every((i) => i >= 0 && i < scenario.count)).toBe(true);
  expect(all.every((e) => e.pid === childPid || e.pid === process.pid)).toBe(true);
  const ranHere = new Set(all.filter((e) => e.pid === process.pid).map((e) => e.index));
  expect(range(scenario.count).filter((i) => !ranInChild.has(i) && !ranHere.has(i))).toEqual([]);

  if (process.env.CHAOS_VERBOSE) {
    const reruns = all.length - ran.size;
    console.log(
      `[chaos] ${scenario.orchestrator}: child ran ${ranInChild.size}/${scenario.count} before SIGKILL ` +
        `(${killedAt - started} ms after spawn); new host ran ${ranHere.size}; ${reruns} activities ran twice; ` +
        `recovery took ${recoveredAt - killedAt} ms; history ${history.length} events`,
    );
  }
}

describe('SIGKILL of a host process in the middle of an orchestration', () => {
  it('a fan-out of 400 activities completes on a new host, with no duplicated history', async () => {
    await killMidRunThenRecover({ orchestrator: FAN_OUT_ORCHESTRATOR, count: 400, delayMs: 10, killAfter: 50 });
  }, 120_000);

  it('a chain of 30 sequential activities completes on a new host, with no duplicated history', async () => {
    await killMidRunThenRecover({ orchestrator: SEQUENCE_ORCHESTRATOR, count: 30, delayMs: 20, killAfter: 10 });
  }, 120_000);
});
