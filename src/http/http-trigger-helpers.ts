import type { DurableClient } from '../client/durable-client';
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
   * history. (Between the check and the start, an instance created and finished by someone else
   * could still be replaced: a window of one storage round trip.)
   * @throws HttpProblem INSTANCE_ALREADY_EXISTS (409); FunctionNotFoundError, InvalidInstanceIdError
   */
  async startNew(name: string, options: { instanceId?: string | undefined; input?: unknown } = {}): Promise<string> {
    const { instanceId, input } = options;
    if (instanceId !== undefined && !this.audience.hasSystemKey) {
      const existing = await this.client.getStatus(instanceId);
      if (existing !== undefined) {
        throw new HttpProblem(
          409,
          'INSTANCE_ALREADY_EXISTS',
          `Instance ${JSON.stringify(instanceId)} already exists (${existing.runtimeStatus}); this starter does not replace instances. ` +
            'Start under another id, or restart it through the management API with the system key.',
        );
      }
    }
    return this.client.startNew(name, { ...(instanceId !== undefined ? { instanceId } : {}), ...(input !== undefined ? { input } : {}) });
  }
}
