import type { DurableClient } from '../client/durable-client';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { isDurableErrorWithCode } from '../model/errors/durable-error';
import type { InstanceAlreadyExistsError } from '../model/errors/instance-already-exists-error';
import { buildCheckStatusResponse, buildHttpManagementPayload, type HttpManagementPayload, type UrlAudience, type WebhookSettings } from './check-status-payload';
import { HttpProblem } from './http-problem';
import type { HttpResponse } from './http-response';
import type { HttpTriggerRequest } from './http-trigger-request';

/**
 * What an `@HttpTrigger` method receives as its second argument: the Durable Functions helpers
 * that build management URLs, bound to the server's base URL, its task hub and the current
 * caller (who gets the system key in URLs only if they presented it).
 */
export class HttpTriggerHelpers {
  constructor(
    private readonly settings: WebhookSettings,
    /** `protocol://host[:port]` of the server: configured, or the address the request came in on. */
    readonly baseUrl: string,
    private readonly audience: UrlAudience,
    private readonly client: DurableClient,
  ) {}

  /** True when the caller presented the system key. */
  get callerHasSystemKey(): boolean {
    return this.audience.hasSystemKey;
  }

  /** The management URLs of `instanceId` (status, raise event, terminate, …). */
  createHttpManagementPayload(instanceId: string): HttpManagementPayload {
    return buildHttpManagementPayload(this.baseUrl, instanceId, this.settings, this.audience);
  }

  /**
   * The 202 Accepted response with the management URLs, `Location` (the status URL) and
   * `Retry-After`: return it from the trigger. (`request` is accepted for the Durable Functions
   * signature; the URLs are built on the server's base URL.)
   */
  createCheckStatusResponse(_request: Pick<HttpTriggerRequest, 'url'>, instanceId: string): HttpResponse {
    return buildCheckStatusResponse(this.createHttpManagementPayload(instanceId));
  }

  /**
   * Waits for `instanceId` to finish, as the Durable Functions helper does: 200 with the output
   * when it completes within `timeoutInMilliseconds` (default 10 s), 200 with the whole status
   * when it ends Failed or Terminated, else the 202 check-status response. The wait wakes on the
   * instance's change notifications and checks at least every `retryIntervalInMilliseconds`
   * (default 1 s); the interval may not exceed the timeout.
   * @throws InvalidArgumentError for a negative or non-integer timeout or interval, or an
   *   interval longer than the timeout; InstanceNotFoundError for an unknown id.
   */
  async waitForCompletionOrCreateCheckStatusResponse(
    request: Pick<HttpTriggerRequest, 'url'>,
    instanceId: string,
    options: WaitForCompletionResponseOptions = {},
  ): Promise<HttpResponse> {
    const timeoutMs = checkedMilliseconds('timeoutInMilliseconds', options.timeoutInMilliseconds ?? DEFAULT_WAIT_TIMEOUT_MS);
    const intervalMs = checkedMilliseconds('retryIntervalInMilliseconds', options.retryIntervalInMilliseconds ?? DEFAULT_WAIT_INTERVAL_MS);
    if (intervalMs > timeoutMs) {
      throw new InvalidArgumentError('retryIntervalInMilliseconds', `${intervalMs} ms is longer than the timeout of ${timeoutMs} ms; give an interval no longer than the timeout`);
    }
    try {
      const status = await this.client.waitForCompletion(instanceId, { timeoutMs, pollIntervalMs: Math.max(intervalMs, 1) });
      const body = status.runtimeStatus === 'Completed' ? status.output : status;
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: body ?? null };
    } catch (error) {
      // Not finished in time is the documented 202 answer, not a failure of the request.
      if (isDurableErrorWithCode(error, 'WAIT_TIMEOUT')) return this.createCheckStatusResponse(request, instanceId);
      throw error;
    }
  }

  /**
   * Starts an orchestration for this HTTP caller. An `instanceId` that names an existing instance
   * — finished ones included — is refused with 409 INSTANCE_ALREADY_EXISTS unless the caller
   * presented the system key: a caller of an open starter must not replace another instance's
   * history. Storage decides it in the transaction that would create the instance (`idReuse:
   * 'never'`), so an instance created and finished by someone else meanwhile is not replaced either.
   * @throws HttpProblem INSTANCE_ALREADY_EXISTS (409); FunctionNotFoundError, InvalidInstanceIdError
   */
  async startNew(name: string, options: { instanceId?: string | undefined; input?: unknown } = {}): Promise<string> {
    const { instanceId, input } = options;
    const idReuse = this.audience.hasSystemKey ? 'finished' : 'never';
    try {
      return await this.client.startNew(name, { ...(instanceId !== undefined ? { instanceId } : {}), ...(input !== undefined ? { input } : {}), idReuse });
    } catch (error) {
      if (!isDurableErrorWithCode(error, 'INSTANCE_ALREADY_EXISTS') || idReuse === 'finished') throw error;
      throw new HttpProblem(
        409,
        'INSTANCE_ALREADY_EXISTS',
        `Instance ${JSON.stringify(instanceId)} already exists (${(error as InstanceAlreadyExistsError).runtimeStatus}); this starter does not replace instances. ` +
          'Start under another id, or restart it through the management API with the system key.',
      );
    }
  }
}

/** Options of `waitForCompletionOrCreateCheckStatusResponse`, named as in Durable Functions. */
export interface WaitForCompletionResponseOptions {
  /** How long to wait for the instance to finish (default 10 000 ms, as in Durable Functions). */
  readonly timeoutInMilliseconds?: number;
  /** Longest time between two checks of the status (default 1 000 ms). */
  readonly retryIntervalInMilliseconds?: number;
}

/** The Durable Functions defaults of `waitForCompletionOrCreateCheckStatusResponse`. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
export const DEFAULT_WAIT_INTERVAL_MS = 1_000;

function checkedMilliseconds(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(name, `${String(value)} is not a whole number of milliseconds >= 0`);
  return value;
}
