import { DURABLE_LOGGER, inject, injectable, type Logger } from 'durable-ts';

/**
 * How the Durable Functions phone verification sample (E4_SmsPhoneVerification) sends its SMS.
 * The documented sample uses the Twilio binding; here any `SmsSender` registered in the container
 * under SMS_SENDER does, and the default logs and records each message.
 */
export interface SmsSender {
  send(to: string, body: string): Promise<void> | void;
}

/** Injection token of the SMS channel (`@inject(SMS_SENDER)`). */
export const SMS_SENDER = Symbol.for('durable-ts-samples:SmsSender');

export interface SentSms {
  readonly to: string;
  readonly body: string;
}

/** Writes each message to the host's log and keeps it in `sent`. */
@injectable()
export class LoggingSmsSender implements SmsSender {
  readonly sent: SentSms[] = [];

  constructor(@inject(DURABLE_LOGGER) private readonly logger: Logger) {}

  send(to: string, body: string): void {
    this.sent.push({ to, body });
    this.logger.info({ event: 'sample.sms', to }, body);
  }
}
