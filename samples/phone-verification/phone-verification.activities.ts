import { randomInt } from 'node:crypto';
import { Activities, Activity, inject, registry } from 'durable-ts';
import { LoggingSmsSender, SMS_SENDER, type SmsSender } from './sms-sender';

/**
 * The activity of the Durable Functions phone verification sample: E4_SendSmsChallenge. The
 * logging sender is the default; register another SmsSender under SMS_SENDER to replace it.
 */
@Activities()
@registry([{ token: SMS_SENDER, useClass: LoggingSmsSender }])
export class PhoneVerificationActivities {
  constructor(@inject(SMS_SENDER) private readonly sms: SmsSender) {}

  /**
   * Texts a random challenge code (0–9999, shown as four digits) to `phoneNumber` and returns it.
   * Random numbers belong in an activity: the orchestrator gets the code from history on replay.
   */
  @Activity('E4_SendSmsChallenge')
  async sendSmsChallenge(phoneNumber: string): Promise<number> {
    const challengeCode = randomInt(10_000);
    await this.sms.send(phoneNumber, `Your verification code is ${String(challengeCode).padStart(4, '0')}`);
    return challengeCode;
  }
}
