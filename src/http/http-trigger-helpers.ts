import { buildCheckStatusResponse, buildHttpManagementPayload, type HttpManagementPayload, type WebhookSettings } from './check-status-payload';
import type { HttpResponse } from './http-response';
import type { HttpTriggerRequest } from './http-trigger-request';

/**
 * What an `@HttpTrigger` method receives as its second argument: the Durable Functions helpers
 * that build management URLs, bound to the current request's base URL and the server's task hub.
 */
export class HttpTriggerHelpers {
  constructor(
    private readonly settings: WebhookSettings,
    /** `protocol://host[:port]` of the current request. */
    readonly baseUrl: string,
  ) {}

  /** The management URLs of `instanceId` (status, raise event, terminate, …). */
  createHttpManagementPayload(instanceId: string): HttpManagementPayload {
    return buildHttpManagementPayload(this.baseUrl, instanceId, this.settings);
  }

  /**
   * The 202 Accepted response with the management URLs, `Location` (the status URL) and
   * `Retry-After`, with URLs based on `request`'s URL: return it from the trigger.
   */
  createCheckStatusResponse(request: Pick<HttpTriggerRequest, 'url'>, instanceId: string): HttpResponse {
    return buildCheckStatusResponse(buildHttpManagementPayload(new URL(request.url).origin, instanceId, this.settings));
  }
}
