import { Orchestrator, type OrchestrationContext } from 'durable-ts';

/** Event that carries the user's answer. */
export const SMS_CHALLENGE_RESPONSE = 'SmsChallengeResponse';
/** How long the user has to answer. */
export const CHALLENGE_TIMEOUT_MS = 90 * 1000;
/** Answers accepted before the verification fails. */
export const MAX_ATTEMPTS = 4;

/**
 * The Durable Functions phone verification sample (E4_SmsPhoneVerification, human interaction):
 * texts a challenge code, then gives the user 90 seconds and four tries to send it back as the
 * `SmsChallengeResponse` event. Returns true when a response matched, false otherwise.
 */
@Orchestrator('E4_SmsPhoneVerification')
export class SmsPhoneVerification {
  async run(ctx: OrchestrationContext<string>): Promise<boolean> {
    const phoneNumber = ctx.getInput();
    if (typeof phoneNumber !== 'string' || phoneNumber.length === 0) {
      throw new TypeError('A phone number input is required.');
    }
    const challengeCode = await ctx.callActivity<number>('E4_SendSmsChallenge', phoneNumber);

    // The user has 90 seconds to respond with the code they received in the SMS message.
    const timeoutTask = ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + CHALLENGE_TIMEOUT_MS));
    let authorized = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const challengeResponseTask = ctx.waitForExternalEvent<unknown>(SMS_CHALLENGE_RESPONSE);
      const winner = await ctx.any([challengeResponseTask, timeoutTask]);
      if (winner.task !== challengeResponseTask) break; // the time is up
      if (isChallengeCode(challengeResponseTask.result, challengeCode)) {
        authorized = true;
        break;
      }
    }
    // A timer that lost the race must not keep the orchestration waiting.
    if (!timeoutTask.isCompleted) timeoutTask.cancel();
    return authorized;
  }
}

/** The code as a number (the documented event payload) or as its digits, e.g. "0042". */
function isChallengeCode(response: unknown, challengeCode: number): boolean {
  const value = typeof response === 'string' && /^\d{1,4}$/.test(response.trim()) ? Number(response.trim()) : response;
  return value === challengeCode;
}
