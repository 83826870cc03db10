import { afterEach, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../samples/functions';
import { pinoCapture, type CapturedLine } from '../support/pino-capture';
import { startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { ApprovalRace } from './fixtures/waiting-functions';

const TRACKING_ON = { logLevel: { default: 'Information', DurableTask: 'Information' } };

describe('tracking events', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function helloSequence(durableTask: Record<string, unknown>, logging: Record<string, unknown> | undefined, level: 'info' | 'debug' = 'info'): Promise<CapturedLine[]> {
    const capture = pinoCapture(level);
    t = await startTestHost(sampleFunctions, durableTask, { logger: capture.logger, ...(logging !== undefined ? { logging } : {}) });
    await t.host.client.startNew('E1_HelloSequence', { instanceId: 'hello' });
    await t.host.client.waitForCompletion('hello', { timeoutMs: 10_000 });
    return capture.lines.filter((l) => l['instanceId'] === 'hello');
  }

  const tracked = (lines: readonly CapturedLine[]): string[] =>
    lines.filter((l) => l.level === 20 && l['event'] !== 'orchestration.episode.committed').map((l) => String(l['event']));

  it('are quiet by default: nothing at info', async () => {
    expect(tracked(await helloSequence({}, undefined))).toEqual([]);
  });

  it("follow an orchestration's lifecycle when host.json turns the DurableTask category on, with payload lengths only", async () => {
    const lines = await helloSequence({}, TRACKING_ON);
    const events = tracked(lines);
    expect(events[0]).toBe('orchestration.instance.started');
    expect(events.filter((e) => e === 'activity.task.scheduled')).toHaveLength(3);
    expect(events.filter((e) => e === 'activity.task.started')).toHaveLength(3);
    expect(events.filter((e) => e === 'activity.task.completed')).toHaveLength(3);
    expect(events.filter((e) => e === 'activity.result.received')).toHaveLength(3);
    expect(events.filter((e) => e === 'orchestration.instance.awaited')).toHaveLength(3);
    expect(events.at(-1)).toBe('orchestration.instance.completed');
    const scheduled = lines.find((l) => l['event'] === 'activity.task.scheduled');
    expect(scheduled).toMatchObject({ name: 'E1_SayHello', inputChars: '"Tokyo"'.length });
    expect(scheduled).not.toHaveProperty('input');
    expect(JSON.stringify(lines)).not.toContain('Hello Tokyo');
    expect(lines.some((l) => l['isReplay'] === true)).toBe(false);
  });

  it('the category set to Warning keeps them off even at debug', async () => {
    expect(tracked(await helloSequence({}, { logLevel: { DurableTask: 'Warning' } }, 'debug'))).toEqual([]);
  });

  it('carry the payloads with traceInputsAndOutputs', async () => {
    const lines = await helloSequence({ tracing: { traceInputsAndOutputs: true } }, TRACKING_ON);
    expect(lines.find((l) => l['event'] === 'activity.task.scheduled')).toMatchObject({ input: '"Tokyo"' });
    expect(lines.find((l) => l['event'] === 'activity.task.completed')).toMatchObject({ output: '"Hello Tokyo!"' });
    expect(lines.find((l) => l['event'] === 'orchestration.instance.completed')?.['output']).toContain('Hello London!');
  });

  it('with traceReplayEvents, also trace the history an episode replays from storage, marked isReplay', async () => {
    const lines = await helloSequence({ extendedSessionsEnabled: false, tracing: { traceReplayEvents: true } }, TRACKING_ON);
    const replayed = lines.filter((l) => l['isReplay'] === true).map((l) => String(l['event']));
    expect(replayed.filter((e) => e === 'orchestration.instance.started')).toHaveLength(3);
    expect(lines.filter((l) => l['event'] === 'orchestration.instance.started' && l['isReplay'] === undefined)).toHaveLength(1);
  });

  it('say what an orchestration listens for, then the event raised and the timer created', async () => {
    const capture = pinoCapture('info');
    t = await startTestHost([ApprovalRace], {}, { logger: capture.logger, logging: TRACKING_ON });
    await t.host.client.startNew('ApprovalRace', { instanceId: 'race' });
    const listening = await waitFor(() => capture.events('orchestration.external-event.listening')[0], 'the listening event');
    expect(listening).toMatchObject({ instanceId: 'race', name: 'ApprovalRace', eventNames: ['approvalevent'] });
    expect(capture.events('orchestration.timer.created')).toHaveLength(1);
    await t.host.client.raiseEvent('race', 'ApprovalEvent', 'ada');
    await t.host.client.waitForCompletion('race', { timeoutMs: 10_000 });
    expect(capture.events('orchestration.external-event.raised')[0]).toMatchObject({ instanceId: 'race', eventName: 'ApprovalEvent', inputChars: 5 });
  });
});
