import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, Orchestrator, type OrchestrationContext } from 'durable-ts';
import { recordingLogger } from '../support/recording-logger';
import { startTestHost, type TestHost } from '../support/test-host';

@Activities()
class EchoActivities {
  @Activity('LogTest_Echo')
  echo(value: string): string {
    return value;
  }
}

/** Logs before and after each of three activities: every episode but the last replays these lines. */
@Orchestrator('LogTest_Sequence')
class LoggingSequence {
  async run(ctx: OrchestrationContext<void>): Promise<string[]> {
    const out: string[] = [];
    for (const step of ['one', 'two', 'three']) {
      ctx.log.info(`calling ${step}`, { step });
      out.push(await ctx.callActivity<string>('LogTest_Echo', step));
    }
    ctx.log.info('finished', { done: true });
    return out;
  }
}

describe('the replay-safe logger (ctx.log)', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('writes each line once although the code replays in every episode (no instance cache)', async () => {
    const logger = recordingLogger();
    // Without the cache, each of the four episodes replays the code from the start.
    t = await startTestHost([EchoActivities, LoggingSequence], { extendedSessionsEnabled: false }, { logger });
    const id = await t.host.client.startNew('LogTest_Sequence');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done.output).toEqual(['one', 'two', 'three']);
    const lines = logger.events('orchestration.app-log.written').filter((l) => l.fields.instanceId === id);
    expect(lines.map((l) => l.message)).toEqual(['calling one', 'calling two', 'calling three', 'finished']);
  });
});
