import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, VirtualClock, type OrchestrationContext } from 'durable-ts';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';

const HOUR = 3_600_000;

/** Creates a one-hour timer it never awaits, and returns. */
@Orchestrator('ReturnsWithPendingTimer')
class ReturnsWithPendingTimer {
  async run(ctx: OrchestrationContext<void>): Promise<string> {
    ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + HOUR));
    return 'returned';
  }
}

/** Creates a one-hour timer, cancels it, and returns. */
@Orchestrator('ReturnsAfterCancellingTimer')
class ReturnsAfterCancellingTimer {
  async run(ctx: OrchestrationContext<void>): Promise<string> {
    const timer = ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + HOUR));
    timer.cancel();
    return 'returned';
  }
}

/** Starts an activity it never awaits, and returns. */
@Orchestrator('ReturnsWithRunningActivity')
class ReturnsWithRunningActivity {
  async run(ctx: OrchestrationContext<void>): Promise<string> {
    void ctx.callActivity('SlowNoop');
    return 'returned';
  }
}

const gate = { release: (): void => undefined };

@Activities()
class SlowActivities {
  @Activity('SlowNoop')
  async slowNoop(): Promise<void> {
    await new Promise<void>((resolve) => {
      gate.release = resolve;
    });
  }
}

describe('completion with outstanding work (the docs: not Completed until every timer fired or was cancelled)', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    gate.release();
    await t?.dispose();
    t = undefined;
  });

  it('stays Running while an uncancelled timer is pending, and completes with the output when it fires', async () => {
    const clock = new VirtualClock();
    t = await startTestHost([ReturnsWithPendingTimer], {}, { clock });
    const id = await t.host.client.startNew('ReturnsWithPendingTimer');
    await waitFor(async () => (await t!.host.storage.getHistory(id)).some((e) => e.type === 'TimerCreated'), 'the timer to be created');
    expect((await t.host.client.getStatus(id))?.runtimeStatus).toBe('Running');
    clock.advance(HOUR);
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done).toMatchObject({ runtimeStatus: 'Completed', output: 'returned' });
    const types = (await t.host.storage.getHistory(id)).map((e) => e.type);
    expect(types.indexOf('TimerFired')).toBeLessThan(types.indexOf('ExecutionCompleted'));
  });

  it('completes at once when the code cancelled its timer (how racing samples finish promptly)', async () => {
    const clock = new VirtualClock();
    t = await startTestHost([ReturnsAfterCancellingTimer], {}, { clock });
    const id = await t.host.client.startNew('ReturnsAfterCancellingTimer');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done).toMatchObject({ runtimeStatus: 'Completed', output: 'returned' });
  });

  it('does not wait for an activity still running: completes at once (the chosen rule for activities)', async () => {
    t = await startTestHost([ReturnsWithRunningActivity, SlowActivities]);
    const id = await t.host.client.startNew('ReturnsWithRunningActivity');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done).toMatchObject({ runtimeStatus: 'Completed', output: 'returned' });
  });
});
