import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStorageProvider, exportHistory, fileHistories, replayCheck, storedHistories, type ReplayCheckReport, type StorageProvider } from 'durable-ts';
import { runReplayCheck } from '../../src/cli/replay-check';
import type { Constructor } from '../../src/registry/function-registration';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { OrderActivities, OrderV1, OrderV1Refactored, OrderV2 } from './fixtures/order-versions';

/**
 * Histories recorded by version 1 of an orchestrator, replayed against later versions: a change
 * of durable calls is reported with the instance, the step and both actions; a change that keeps
 * them is clean. Over a live SQLite hub and over exported files, programmatically and by the CLI.
 */
describe('replay-check', () => {
  let t: TestHost;
  let exportsDir: string;
  /** The stopped host's database, opened again as any tool would. */
  let storage: StorageProvider;

  beforeAll(async () => {
    t = await startTestHost([OrderV1, OrderActivities]);
    const { client } = t.host;
    const done = await client.startNew('Order', { instanceId: 'order-done', input: 'book' });
    const waiting = await client.startNew('Order', { instanceId: 'order-waiting', input: 'lamp' });
    const reserved = (id: string) => async () => (await t.host.storage.getHistory(id)).some((e) => e.type === 'TaskCompleted');
    await waitFor(reserved(waiting), 'order-waiting to reserve its item', 20_000);
    await waitFor(reserved(done), 'order-done to reserve its item', 20_000);
    await client.raiseEvent(done, 'approved', true);
    expect((await client.waitForCompletion(done, { timeoutMs: 20_000 })).runtimeStatus).toBe('Completed');
    exportsDir = join(t.dir, 'exports');
    mkdirSync(exportsDir);
    for (const id of [done, waiting]) writeFileSync(join(exportsDir, `${id}.json`), JSON.stringify(await exportHistory(t.host.storage, id), null, 2));
    await t.stop();
    storage = await createSqliteStorageProvider({ path: t.dbPath, hubName: 'TestHub' });
  });
  afterAll(async () => {
    await storage.close();
    await t.dispose();
  });

  const check = async (orchestrator: Constructor, source: 'hub' | 'files'): Promise<ReplayCheckReport> => {
    const histories = source === 'hub' ? storedHistories(storage) : fileHistories(exportsDir);
    return replayCheck({ functions: [orchestrator, OrderActivities], histories });
  };

  for (const source of ['hub', 'files'] as const) {
    it(`finds nothing when the code is unchanged or keeps its durable calls (${source})`, async () => {
      for (const version of [OrderV1, OrderV1Refactored]) {
        expect(await check(version, source)).toEqual({ checked: 2, mismatches: [], skipped: [] });
      }
    });

    it(`reports each instance version 2 no longer fits, with the step and both actions (${source})`, async () => {
      const report = await check(OrderV2, source);
      expect(report.checked).toBe(2);
      expect(report.mismatches.map(({ instanceId, step, recorded, actual }) => ({ instanceId, step, recorded, actual })).sort((a, b) => a.instanceId.localeCompare(b.instanceId))).toEqual([
        { instanceId: 'order-done', step: 0, recorded: 'TaskScheduled ReserveStock', actual: 'scheduled TaskScheduled ChargeCard' },
        { instanceId: 'order-waiting', step: 0, recorded: 'TaskScheduled ReserveStock', actual: 'scheduled TaskScheduled ChargeCard' },
      ]);
    });
  }

  it('skips instances of orchestrators it was not given, saying so', async () => {
    const report = await replayCheck({ functions: [OrderActivities], histories: fileHistories(exportsDir) });
    expect(report.checked).toBe(0);
    expect(report.skipped.map((s) => s.reason)).toEqual([
      "no orchestrator named 'Order' among the functions given",
      "no orchestrator named 'Order' among the functions given",
    ]);
  });

  describe('durable replay-check', () => {
    async function cli(args: string[], functions: Constructor[] = [OrderV1, OrderActivities]): Promise<{ code: number; out: string; err: string }> {
      const out: string[] = [];
      const err: string[] = [];
      writeFileSync(join(t.dir, 'functions.js'), '// stands in for the compiled durableFunctions module\n');
      const code = await runReplayCheck(args, {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        env: {},
        cwd: t.dir,
        loadFunctions: () => functions,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    }
    const hub = ['--functions', 'functions.js', '--sqlite', 'durable.sqlite', '--hub', 'TestHub'];

    it('exits 0 on a clean hub and 1 with one line per mismatch', async () => {
      expect(await cli(hub)).toMatchObject({ code: 0, out: 'replay-check: 2 instances replayed, 0 mismatches, 0 skipped' });
      const changed = await cli(hub, [OrderV2, OrderActivities]);
      expect(changed.code).toBe(1);
      expect(changed.out).toContain('MISMATCH order-done (Order) at step 0: history recorded TaskScheduled ReserveStock; the code now scheduled TaskScheduled ChargeCard');
      expect(changed.out).toContain('MISMATCH order-waiting (Order) at step 0');
    });

    it('reads exported files and filters a hub by --name and --since', async () => {
      expect((await cli(['--functions', 'functions.js', '--from', 'exports'], [OrderV2, OrderActivities])).code).toBe(1);
      expect((await cli([...hub, '--name', 'Other'], [OrderV2, OrderActivities])).out).toBe('replay-check: 0 instances replayed, 0 mismatches, 0 skipped');
      expect((await cli([...hub, '--since', '2999-01-01T00:00:00Z'], [OrderV2, OrderActivities])).code).toBe(0);
    });

    it.each([
      [['--functions', 'functions.js', '--from', 'exports', '--sqlite', 'durable.sqlite'], 'give one source, not --sqlite and --from'],
      [['--functions', 'functions.js', '--sqlite', 'durable.sqlite', '--since', 'yesterday'], '--since must be an ISO 8601 time'],
      [['--functions', 'functions.js', '--sqlite', 'missing.sqlite'], '--sqlite missing.sqlite: no such file'],
      [['--functions', 'nope.js', '--from', 'exports'], '--functions nope.js: no such file'],
      [['--from', 'exports'], 'no dist/generated/durable-functions.js here'],
      [['--bogus'], "Unknown option '--bogus'"],
    ])('exits 2 on bad usage: %j', async (args, message) => {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    });

    it('exits 2 naming the file and field when an export is not in the format', async () => {
      const bad = join(t.dir, 'bad.json');
      const valid = JSON.parse(readFileSync(join(exportsDir, 'order-done.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(bad, JSON.stringify({ ...valid, format: 'http-history' }));
      const result = await cli(['--functions', 'functions.js', '--from', 'bad.json']);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`history file ${bad}: format must be "durable-ts/history@1"`);
    });
  });
});
