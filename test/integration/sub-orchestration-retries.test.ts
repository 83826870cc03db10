import { afterEach, describe, expect, it } from 'vitest';
import { Orchestrator, TaskFailedError, type OrchestrationContext } from 'durable-ts';
import { startTestHost, type TestHost } from '../support/test-host';

/** Attempts per instance-id prefix, so the child can fail its first attempts. */
const attempts = new Map<string, number>();

/** Fails until its `succeedOnAttempt`-th run (counted across the retries' new instances). */
@Orchestrator('RetryTest_FlakyChild')
class FlakyChild {
  async run(ctx: OrchestrationContext<{ key: string; succeedOnAttempt: number }>): Promise<string> {
    const { key, succeedOnAttempt } = ctx.getInput();
    // Counted once per execution, not per replay.
    const attempt = ctx.isReplaying ? (attempts.get(key) ?? 0) : (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    if (attempt < succeedOnAttempt) throw new Error(`attempt ${attempt} failed`);
    return `ok on attempt ${attempt}`;
  }
}

@Orchestrator('RetryTest_Parent')
class RetryingParent {
  async run(ctx: OrchestrationContext<{ key: string; succeedOnAttempt: number; maxAttempts: number }>): Promise<unknown> {
    const { maxAttempts, ...childInput } = ctx.getInput();
    try {
      return await ctx.callSubOrchestrator<string>('RetryTest_FlakyChild', childInput, { retry: { firstRetryIntervalMs: 10, maxNumberOfAttempts: maxAttempts } });
    } catch (error) {
      if (!(error instanceof TaskFailedError)) throw error;
      return { failed: error.failureDetails.message };
    }
  }
}

describe('sub-orchestration retries', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function run(key: string, succeedOnAttempt: number, maxAttempts: number): Promise<{ output: unknown; created: number; timers: number }> {
    t = await startTestHost([FlakyChild, RetryingParent]);
    const id = await t.host.client.startNew('RetryTest_Parent', { input: { key, succeedOnAttempt, maxAttempts } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 15_000, pollIntervalMs: 20 });
    expect(done.runtimeStatus).toBe('Completed');
    const history = await t.host.storage.getHistory(id);
    return {
      output: done.output,
      created: history.filter((e) => e.type === 'SubOrchestrationInstanceCreated').length,
      timers: history.filter((e) => e.type === 'TimerCreated').length,
    };
  }

  it('starts the sub-orchestration again after each failure, on a durable timer, until it succeeds', async () => {
    const result = await run('succeeds-third', 3, 5);
    expect(result).toEqual({ output: 'ok on attempt 3', created: 3, timers: 2 });
  });

  it('gives up after maxNumberOfAttempts with the last failure', async () => {
    const result = await run('never', 99, 2);
    expect(result.created).toBe(2);
    expect(result.output).toEqual({ failed: expect.stringContaining('attempt 2 failed') });
  });
});
