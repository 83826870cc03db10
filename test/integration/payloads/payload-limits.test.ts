import { afterEach, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode, PayloadTooLargeError } from 'durable-ts';
import { describeIfPostgres } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';
import { payloadFunctions } from '../fixtures/payload-functions';
import { startPayloadTestHost, type PayloadTestHost, type ProviderKind } from './payload-test-hosts';

const WAIT = { timeoutMs: 20_000 };

/** About 1 MB of JSON that compresses well (repeated records), as an app's report data would. */
function compressibleMegabyte(): { rows: { id: number; region: string; note: string }[] } {
  return { rows: Array.from({ length: 16_000 }, (_, i) => ({ id: i, region: ['north', 'south', 'east', 'west'][i % 4]!, note: 'quarterly figures, audited' })) };
}

/** Only PAYLOAD_TOO_LARGE errors, with the sizes they name. */
async function refusal(action: Promise<unknown>): Promise<PayloadTooLargeError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDurableErrorWithCode(error, 'PAYLOAD_TOO_LARGE')).toBe(true);
  return error as PayloadTooLargeError;
}

function suite(kind: ProviderKind): void {
  let t: PayloadTestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('round-trips a 1 MB input and output through an activity, stored compressed and read back as JSON', async () => {
    t = await startPayloadTestHost(kind, payloadFunctions);
    const input = compressibleMegabyte();
    const json = JSON.stringify(input);
    expect(json.length).toBeGreaterThan(1_000_000);
    const id = await t.host.client.startNew('RoundTrip', { input });
    const done = await t.host.client.waitForCompletion(id, WAIT);

    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual(input);
    expect(done.input).toEqual(input);
    const raw = await t.host.storage.getHistory(id);
    expect(raw.find((e) => e.type === 'TaskCompleted')).toMatchObject({ result: json });
    expect(raw.find((e) => e.type === 'ExecutionStarted')).toMatchObject({ input: json });

    const stored = await t.storedSizes(id);
    // Four copies of the payload in history (start, scheduled, completed, execution completed) and
    // two in the row would be over 6 MB as JSON; compressed, all of it is a few kilobytes.
    expect(stored.input).toBeGreaterThan(0);
    expect(stored.input).toBeLessThan(json.length / 10);
    expect(stored.output).toBeLessThan(json.length / 10);
    expect(stored.history).toBeLessThan(json.length / 2);
  });

  it('takes a 10 MB activity result under the default limit, stored compressed', async () => {
    t = await startPayloadTestHost(kind, payloadFunctions);
    const id = await t.host.client.startNew('AskForResult', { input: 10_000_000 });
    const done = await t.host.client.waitForCompletion(id, WAIT);

    expect(done.output).toEqual({ ok: true });
    const completed = (await t.host.storage.getHistory(id)).find((e) => e.type === 'TaskCompleted') as { result?: string } | undefined;
    expect(completed?.result?.length).toBe(10_000_002); // the JSON string, quotes included
    expect((await t.storedSizes(id)).history).toBeLessThan(1_000_000);
  });

  it('keeps small payloads as plain JSON', async () => {
    t = await startPayloadTestHost(kind, payloadFunctions);
    const id = await t.host.client.startNew('RoundTrip', { input: { small: true } });
    await t.host.client.waitForCompletion(id, WAIT);
    const stored = await t.storedSizes(id);
    expect(stored.input).toBe(JSON.stringify({ small: true }).length);
  });

  describe('with a 64 KiB limit', () => {
    const limited = { maxPayloadSizeInBytes: 65_536 };
    const tooLarge = 'x'.repeat(70_000);

    it('refuses a start input over the limit with PayloadTooLargeError and stores nothing', async () => {
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const error = await refusal(t.host.client.startNew('RoundTrip', { input: tooLarge, instanceId: 'too-large' }));
      expect(error).toMatchObject({ sizeInBytes: 70_002, limitInBytes: 65_536 });
      expect(error.message).toContain("Input of orchestration 'RoundTrip'");
      expect(await t.host.client.getStatus('too-large')).toBeUndefined();
      expect(await t.host.storage.getHistory('too-large')).toEqual([]);
    });

    it('refuses event data and entity signal input over the limit, leaving the instance and entity as they were', async () => {
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const id = await t.host.client.startNew('CarrySecret', { input: { secret: 's' } });
      const host = t.host;
      await waitFor(async () => (await host.client.getStatus(id))?.customStatus !== undefined, 'the orchestration to wait for its event');
      const before = await t.host.storage.getHistory(id);
      await refusal(t.host.client.raiseEvent(id, 'Reveal', tooLarge));
      await refusal(t.host.client.signalEntity('@vault@big', 'keep', tooLarge));
      expect(await t.host.storage.getHistory(id)).toEqual(before);
      expect(await t.host.storage.getInstance('@vault@big')).toBeUndefined();
      await t.host.client.raiseEvent(id, 'Reveal', 'fits');
      expect((await t.host.client.waitForCompletion(id, WAIT)).output).toEqual({ echoed: { secret: 's' }, event: 'fits' });
    });

    it('fails an activity whose result is over the limit: the orchestration sees a TaskFailedError', async () => {
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const id = await t.host.client.startNew('AskForResult', { input: 70_000 });
      const done = await t.host.client.waitForCompletion(id, WAIT);
      expect(done.output).toEqual({ ok: false, errorType: 'PayloadTooLargeError', code: 'TASK_FAILED' });
      const ok = await t.host.client.startNew('AskForResult', { input: 60_000 });
      expect((await t.host.client.waitForCompletion(ok, WAIT)).output).toEqual({ ok: true });
    });

    it('throws an activity input over the limit into the orchestrator code, and replays it the same way', async () => {
      // Replay verification is on in tests: each cached episode is replayed from history and
      // compared, so a replay that did not refuse the input would fail the instance.
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const id = await t.host.client.startNew('SendTooMuch', { input: 70_000 });
      const done = await t.host.client.waitForCompletion(id, WAIT);
      expect(done.output).toEqual({ refused: 'PAYLOAD_TOO_LARGE', after: 'small' });
      const scheduled = (await t.host.storage.getHistory(id)).filter((e) => e.type === 'TaskScheduled');
      expect(scheduled).toHaveLength(2);
    });

    it('fails an orchestration whose output is over the limit, naming the limit', async () => {
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const id = await t.host.client.startNew('ReturnLarge', { input: 70_000 });
      const done = await t.host.client.waitForCompletion(id, WAIT);
      expect(done.runtimeStatus).toBe('Failed');
      expect(done.failureDetails?.errorType).toBe('PayloadTooLargeError');
      expect(done.failureDetails?.message).toContain('Orchestrator output is 70002 bytes');
      expect(await t.storedSizes(id)).toMatchObject({ output: 0 });
    });

    it('fails an entity operation whose new state is over the limit and keeps the state it had', async () => {
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const id = await t.host.client.startNew('FillVault', { input: { key: 'k', size: 25_000, count: 3 } });
      const done = await t.host.client.waitForCompletion(id, WAIT);
      expect(done.output).toEqual({ kept: 2, errorType: 'PayloadTooLargeError' });
      const state = await t.host.client.readEntityState<{ kept: string[] }>('@vault@k');
      expect(state.entityExists && state.entityState?.kept.length).toBe(2);
    });

    it('answers an over-limit start over HTTP with 413 PAYLOAD_TOO_LARGE', async () => {
      t = await startPayloadTestHost(kind, payloadFunctions, limited);
      const server = t.host.createHttpServer();
      try {
        const res = await server.inject({
          method: 'POST',
          url: '/runtime/webhooks/durabletask/orchestrators/RoundTrip/http-too-large',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(tooLarge),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
        expect(await t.host.client.getStatus('http-too-large')).toBeUndefined();
      } finally {
        await server.close();
      }
    });
  });
}

describe('payload limits and compression on SQLite', () => suite('sqlite'));
describeIfPostgres('payload limits and compression on PostgreSQL', () => suite('postgres'));
