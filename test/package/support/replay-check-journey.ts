import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { run, runOk } from './packaged-app';

/** The app's orchestrator compiled after a change of its durable calls (entity before activity). */
const CHANGED = 'dist-v2/generated/durable-functions.js';

/**
 * `durable replay-check` as a user runs it before a deploy, on the packed package: the compiled
 * app's generated `durableFunctions` module against the hub the app ran on — clean for the code
 * that recorded the history, the divergence reported once the orchestrator changes its calls.
 * Over the app's SQLite hub (found through the same environment as the app), and over PostgreSQL.
 */
export function describeReplayCheck(appDir: () => string, statePath: () => string): void {
  describe('durable replay-check against the compiled app', () => {
    beforeAll(() => {
      // The changed version goes to another folder, so both builds stay side by side.
      const source = join(appDir(), 'src', 'place-order.orchestrator.ts');
      const original = readFileSync(source, 'utf8');
      const reserveFirst = original.replace(
        /( +)(greetings\.push\(await ctx\.activities\.SayHello\(customer\)\);)\n( +)(left = await ctx\.entities\.Inventory\('widgets'\)\.reserve\(customer\);)/,
        '$1$4\n$3$2',
      );
      expect(reserveFirst).not.toBe(original);
      writeFileSync(source, reserveFirst);
      try {
        runOk('npx', ['tsc', '-p', '.', '--outDir', 'dist-v2'], appDir());
      } finally {
        writeFileSync(source, original);
      }
    });

    const expectCleanThenMismatch = (args: readonly string[], env: Readonly<Record<string, string>>): void => {
      const clean = run('npx', ['durable', 'replay-check', ...args], appDir(), env);
      expect(clean.stdout + clean.stderr).toContain('replay-check: 1 instance replayed, 0 mismatches, 0 skipped');
      expect(clean.code).toBe(0);
      const changed = run('npx', ['durable', 'replay-check', '--functions', CHANGED, ...args], appDir(), env);
      expect(changed.stdout + changed.stderr).toMatch(/MISMATCH \S+ \(PlaceOrder\) at step 0: history recorded TaskScheduled SayHello; the code now .*reserve/);
      expect(changed.stdout).toContain('replay-check: 1 instance replayed, 1 mismatch, 0 skipped');
      expect(changed.code).toBe(1);
    };

    it('over the SQLite hub the app ran on (default source and dist/generated/durable-functions.js)', () => {
      expectCleanThenMismatch([], { AzureFunctionsJobHost__extensions__durableTask__storageProvider__path: statePath() });
    });

    describeIfPostgres('over PostgreSQL', () => {
      const hub = `Journey${process.pid}`;
      const pgEnv = { DURABLE_PG_URL: testPostgresUrl(), AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'postgres', AzureFunctionsJobHost__extensions__durableTask__hubName: hub };
      afterAll(() => {
        run('npx', ['durable', 'delete-task-hub', '--yes'], appDir(), pgEnv);
      });

      it('runs the app on a PostgreSQL hub, then checks it with --postgres and --hub', () => {
        const result = runOk('node', ['dist/main.js'], appDir(), pgEnv);
        expect(JSON.parse(result.stdout)).toMatchObject({ status: 'Completed' });
        expectCleanThenMismatch(['--postgres', testPostgresUrl(), '--hub', hub], {});
      });
    });
  });
}
