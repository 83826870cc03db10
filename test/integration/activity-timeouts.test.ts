import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, TaskFailedError, isDurableErrorWithCode, type ActivityContext, type OrchestrationContext } from 'durable-ts';
import { recordingLogger } from '../support/recording-logger';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';

/** What the hung activity saw, for the test to inspect. */
const seen = { aborted: [] as unknown[], started: 0, finished: 0, release: (): void => undefined };

@Activities()
class HangingActivities {
  /** Never finishes on its own: it waits until the test releases it, then returns a late result. */
  @Activity('HangUntilReleased')
  async hang(_input: unknown, context: ActivityContext): Promise<string> {
    seen.started += 1;
    context.signal.addEventListener('abort', () => seen.aborted.push(context.signal.reason));
    await new Promise<void>((resolve) => {
      seen.release = resolve;
    });
    seen.finished += 1;
    return 'late result';
  }

  @Activity('Quick')
  quick(name: string): string {
    return `quick ${name}`;
  }
}

@Orchestrator('CallsHangingActivity')
class CallsHangingActivity {
  async run(ctx: OrchestrationContext<void>): Promise<unknown> {
    try {
      await ctx.callActivity('HangUntilReleased');
      return 'no timeout';
    } catch (error) {
      if (!(error instanceof TaskFailedError)) throw error;
      // The slot is free again: another activity runs on the same single slot.
      const after = await ctx.callActivity<string>('Quick', 'after');
      return { errorType: error.failureDetails.errorType, message: error.failureDetails.message, after };
    }
  }
}

describe('activity timeouts (host.json functionTimeout)', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    seen.release();
    await t?.dispose();
    t = undefined;
  });

  it('fails the task with an ActivityTimeoutError, aborts the signal, frees the slot and discards the late result', async () => {
    const logger = recordingLogger();
    seen.aborted = [];
    seen.started = 0;
    t = await startTestHost([HangingActivities, CallsHangingActivity], { maxConcurrentActivityFunctions: 1 }, { functionTimeout: '00:00:00.300', logger });
    const id = await t.host.client.startNew('CallsHangingActivity');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toMatchObject({ errorType: 'ActivityTimeoutError', after: 'quick after' });
    expect(String((done.output as { message: string }).message)).toContain("'HangUntilReleased'");
    expect(seen.aborted).toHaveLength(1);
    expect(isDurableErrorWithCode(seen.aborted[0], 'ACTIVITY_TIMEOUT')).toBe(true);
    expect(logger.events('activity.task.timed-out')).toHaveLength(1);

    // The late result arrives after the orchestration finished: nothing is added to history.
    const history = await t.host.storage.getHistory(id);
    seen.release();
    await waitFor(() => seen.finished === 1, 'the timed-out activity to return its late result');
    // More work through the same worker and result batcher, so a stray write of the late result
    // would have had its turn before history is compared.
    await t.host.client.startNew('CallsHangingActivity');
    await waitFor(() => seen.started === 2, 'the next activity to take the slot');
    expect(await t.host.storage.getHistory(id)).toEqual(history);
    const settled = history.filter((e) => e.type === 'TaskFailed' || e.type === 'TaskCompleted');
    expect(settled.map((e) => e.type)).toEqual(['TaskFailed', 'TaskCompleted']);
  });

  it('without functionTimeout an activity may run as long as it takes, and gets a signal that never aborts', async () => {
    seen.aborted = [];
    seen.started = 0;
    t = await startTestHost([HangingActivities, CallsHangingActivity]);
    const id = await t.host.client.startNew('CallsHangingActivity');
    await waitFor(() => seen.started === 1, 'the activity to start');
    seen.release();
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done.output).toBe('no timeout');
    expect(seen.aborted).toEqual([]);
  });
});
