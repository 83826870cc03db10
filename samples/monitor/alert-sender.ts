import { DURABLE_LOGGER, inject, injectable, type Logger } from 'durable-ts';

/**
 * How the Durable Functions monitor sample (E3_Monitor) tells the user about good weather. The
 * documented sample sends an SMS through Twilio; here any `AlertSender` registered in the container
 * under ALERT_SENDER does, and the default logs and records the message.
 */
export interface AlertSender {
  send(phone: string, message: string): Promise<void> | void;
}

/** Injection token of the alert channel (`@inject(ALERT_SENDER)`). */
export const ALERT_SENDER = Symbol.for('durable-ts-samples:AlertSender');

export interface SentAlert {
  readonly phone: string;
  readonly message: string;
}

/** Writes each alert to the host's log and keeps it in `sent`. */
@injectable()
export class LoggingAlertSender implements AlertSender {
  readonly sent: SentAlert[] = [];

  constructor(@inject(DURABLE_LOGGER) private readonly logger: Logger) {}

  send(phone: string, message: string): void {
    this.sent.push({ phone, message });
    this.logger.info({ event: 'sample.alert', phone }, message);
  }
}
