import { afterEach, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode, VirtualClock } from 'durable-ts';
import { PhoneVerificationActivities } from '../../../samples/phone-verification/phone-verification.activities';
import { CHALLENGE_TIMEOUT_MS, SMS_CHALLENGE_RESPONSE, SmsPhoneVerification } from '../../../samples/phone-verification/phone-verification.orchestrator';
import { LoggingSmsSender, SMS_SENDER } from '../../../samples/phone-verification/sms-sender';
import { silentLogger, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { historyOf, HOUR, settle, startSampleHost, waitForEvents } from './support/sample-host';

const phone = '+1 425 555 0123';

describe('phone verification sample: E4_SmsPhoneVerification', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function startVerification(clock: VirtualClock, start: { input?: unknown } = { input: phone }): Promise<{ host: TestHost; sms: LoggingSmsSender; id: string }> {
    const sms = new LoggingSmsSender(silentLogger);
    t = await startSampleHost([SmsPhoneVerification, PhoneVerificationActivities], (c) => c.registerInstance(SMS_SENDER, sms), clock);
    const id = await t.host.client.startNew('E4_SmsPhoneVerification', start);
    return { host: t, sms, id };
  }

  /** The code in the SMS, once the challenge has been sent and the 90-second timer started. */
  async function challenge(host: TestHost, sms: LoggingSmsSender, id: string, start: number): Promise<number> {
    const [timer] = await waitForEvents(host, id, 'TimerCreated');
    expect(Date.parse(timer?.fireAt ?? '')).toBe(start + CHALLENGE_TIMEOUT_MS);
    expect(sms.sent).toHaveLength(1);
    const [message] = sms.sent;
    expect(message?.to).toBe(phone);
    const digits = /^Your verification code is (\d{4})$/.exec(message?.body ?? '')?.[1];
    expect(digits).toBeDefined();
    return Number(digits);
  }

  const wrong = (code: number, n = 1): number => (code + n) % 10_000;

  it('verifies the right code on the 2nd try and cancels the timer', async () => {
    const clock = new VirtualClock();
    const { host, sms, id } = await startVerification(clock);
    const code = await challenge(host, sms, id, clock.now());
    await host.host.client.raiseEvent(id, SMS_CHALLENGE_RESPONSE, wrong(code));
    await host.host.client.raiseEvent(id, SMS_CHALLENGE_RESPONSE, code);
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBe(true);

    // The cancelled timer's message is discarded when due; it never reaches the history.
    clock.advance(HOUR);
    await waitFor(async () => (await host.host.storage.nextVisibleAt('orchestration', 0)) === undefined, 'the timer message to be discarded');
    expect((await historyOf(host, id)).some((e) => e.type === 'TimerFired')).toBe(false);
    expect((await host.host.client.getStatus(id))?.runtimeStatus).toBe('Completed');
  });

  it('accepts the code as its four digits too', async () => {
    const clock = new VirtualClock();
    const { host, sms, id } = await startVerification(clock);
    const code = await challenge(host, sms, id, clock.now());
    await host.host.client.raiseEvent(id, SMS_CHALLENGE_RESPONSE, String(code).padStart(4, '0'));
    expect((await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toBe(true);
  });

  it('fails the verification after four wrong codes', async () => {
    const clock = new VirtualClock();
    const { host, sms, id } = await startVerification(clock);
    const code = await challenge(host, sms, id, clock.now());
    for (let n = 1; n <= 4; n++) await host.host.client.raiseEvent(id, SMS_CHALLENGE_RESPONSE, wrong(code, n));
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toBe(false);
    expect((await historyOf(host, id)).filter((e) => e.type === 'EventRaised')).toHaveLength(4);
    const late = await host.host.client.raiseEvent(id, SMS_CHALLENGE_RESPONSE, code).catch((e: unknown) => e);
    expect(isDurableErrorWithCode(late, 'INSTANCE_NOT_RUNNING')).toBe(true);
  });

  it('fails the verification when no answer comes within 90 seconds, and not a moment sooner', async () => {
    const clock = new VirtualClock();
    const { host, sms, id } = await startVerification(clock);
    await challenge(host, sms, id, clock.now());
    clock.advance(CHALLENGE_TIMEOUT_MS - 1);
    await settle(host, id);
    expect((await historyOf(host, id)).some((e) => e.type === 'TimerFired')).toBe(false);
    expect((await host.host.client.getStatus(id))?.runtimeStatus).toBe('Running');

    clock.advance(1);
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBe(false);
    expect((await historyOf(host, id)).filter((e) => e.type === 'TimerFired')).toHaveLength(1);
  });

  it.each([
    ['an empty', ''],
    ['a missing', undefined],
  ])('fails the instance with a clear message for %s phone number, sending nothing', async (_, input) => {
    const clock = new VirtualClock();
    const { host, sms, id } = await startVerification(clock, { input });
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails).toMatchObject({ errorType: 'TypeError', message: 'A phone number input is required.' });
    expect(sms.sent).toEqual([]);
  });
});
