import type { DurableClient } from '../client/durable-client';
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
