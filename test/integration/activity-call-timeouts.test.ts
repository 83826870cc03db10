import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, TaskFailedError, isDurableErrorWithCode, type ActivityContext, type OrchestrationContext } from 'durable-ts';
import { describeIfPostgres, testPostgresUrl } from '../support/postgres';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';

/** What the hung activities saw, for the tests to inspect. */
const seen = { aborted: [] as unknown[], started: 0, finished: 0, releases: [] as Array<() => void> };

function resetSeen(): void {
  seen.aborted = [];
  seen.started = 0;
  seen.finished = 0;
  seen.releases = [];
}

@Activities()
class SlowActivities {
  /** Never finishes on its own: it waits until the test releases it, then returns a late result. */
  @Activity('WaitForRelease')
  async hang(_input: unknown, context: ActivityContext): Promise<string> {
    seen.started += 1;
    context.signal.addEventListener('abort', () => seen.aborted.push(context.signal.reason));
    await new Promise<void>((resolve) => seen.releases.push(resolve));
    seen.finished += 1;
    return 'late result';
  }

  @Activity('Prompt')
  prompt(name: string): string {
    return `prompt ${name}`;
  }
}

/** Input: the call's options. Output: how the call ended, and that the slot was free afterwards. */
@Orchestrator('CallsWithOwnLimit')
class CallsWithOwnLimit {
  async run(ctx: OrchestrationContext<{ timeoutMs: number; attempts?: number }>): Promise<unknown> {
    const { timeoutMs, attempts } = ctx.getInput();
    const retry = attempts !== undefined ? { retry: { firstRetryIntervalMs: 10, maxNumberOfAttempts: attempts } } : {};
    try {
      await ctx.callActivity('WaitForRelease', undefined, { timeoutMs, ...retry });
      return 'no timeout';
    } catch (error) {
      if (!(error instanceof TaskFailedError)) throw error;
      const after = await ctx.callActivity<string>('Prompt', 'after');
      return { errorType: error.failureDetails.errorType, message: error.failureDetails.message, after };
    }
  }
}

interface TimeoutOutcome {
  readonly errorType: string;
  readonly message: string;
  readonly after: string;
}

function callTimeoutSuite(provider: string, durableTask: () => Record<string, unknown>): void {
  describe(`per-call activity timeoutMs (${provider})`, () => {
    let t: TestHost | undefined;
    afterEach(async () => {
      for (const release of seen.releases) release();
      await t?.dispose();
      t = undefined;
    });

    const run = async (input: { timeoutMs: number; attempts?: number }): Promise<{ id: string; outcome: TimeoutOutcome }> => {
      if (t === undefined) throw new Error('no host');
      const id = await t.host.client.startNew('CallsWithOwnLimit', { input });
      const done = await t.host.client.waitForCompletion(id, { timeoutMs: 15_000, pollIntervalMs: 20 });
      expect(done.runtimeStatus).toBe('Completed');
      return { id, outcome: done.output as TimeoutOutcome };
    };

    it("fails the task at the call's own limit without any functionTimeout, aborts the signal and discards the late result", async () => {
      resetSeen();
      t = await startTestHost([SlowActivities, CallsWithOwnLimit], { maxConcurrentActivityFunctions: 1, ...durableTask() });
      const { id, outcome } = await run({ timeoutMs: 300 });
      expect(outcome).toMatchObject({ errorType: 'ActivityTimeoutError', after: 'prompt after' });
      expect(outcome.message).toContain("within 300 ms (the call's timeoutMs)");
      expect(seen.aborted).toHaveLength(1);
      expect(isDurableErrorWithCode(seen.aborted[0], 'ACTIVITY_TIMEOUT')).toBe(true);

      const history = await t.host.storage.getHistory(id);
      expect(history.find((e) => e.type === 'TaskScheduled')).toMatchObject({ name: 'WaitForRelease', timeoutMs: 300 });
      for (const release of seen.releases) release();
      await waitFor(() => seen.finished === 1, 'the timed-out activity to return its late result');
      // More work through the same worker and result batcher, so a stray write of the late result
      // would have had its turn before history is compared.
      await run({ timeoutMs: 300 });
      expect(await t.host.storage.getHistory(id)).toEqual(history);
    });

    it('applies the lower of the call limit and functionTimeout', async () => {
      resetSeen();
      t = await startTestHost([SlowActivities, CallsWithOwnLimit], durableTask(), { functionTimeout: '00:00:00.300' });
      const { outcome } = await run({ timeoutMs: 3_600_000 });
      expect(outcome.message).toContain('within 300 ms (functionTimeout)');
      await t.dispose();

      t = await startTestHost([SlowActivities, CallsWithOwnLimit], durableTask(), { functionTimeout: '01:00:00' });
      const shorter = await run({ timeoutMs: 250 });
      expect(shorter.outcome.message).toContain("within 250 ms (the call's timeoutMs)");
    });

    it('gives every retry attempt the same limit', async () => {
      resetSeen();
      t = await startTestHost([SlowActivities, CallsWithOwnLimit], durableTask());
      const { outcome } = await run({ timeoutMs: 200, attempts: 3 });
      expect(outcome.errorType).toBe('ActivityTimeoutError');
      expect(seen.started).toBe(3);
      expect(seen.aborted).toHaveLength(3);
    });
  });
}

callTimeoutSuite('SQLite', () => ({}));

describeIfPostgres('per-call activity timeouts on PostgreSQL', () => {
  callTimeoutSuite('PostgreSQL', () => ({
    hubName: `Tmo${randomUUID().replace(/-/g, '').slice(0, 10)}`,
    storageProvider: { type: 'postgres', connectionString: testPostgresUrl() },
  }));
});
