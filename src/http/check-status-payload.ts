import { assertValidInstanceId } from '../model/instance-id';
import { DURABLETASK_WEBHOOK_PATH } from './http-config';
import type { HttpResponse } from './http-response';

/**
 * The management URLs of one instance, as `createHttpManagementPayload` / the 202 check-status
 * response of Durable Functions return them. Every URL is absolute and carries `taskHub=` (and
 * `code=` when a system key is configured); `{eventName}` and `{text}` are placeholders for the
 * caller to fill in.
 */
export interface HttpManagementPayload {
  readonly id: string;
  readonly statusQueryGetUri: string;
  readonly sendEventPostUri: string;
  readonly terminatePostUri: string;
  readonly purgeHistoryDeleteUri: string;
  readonly rewindPostUri: string;
  readonly restartPostUri: string;
  readonly suspendPostUri: string;
  readonly resumePostUri: string;
}

/** What the URLs need besides the base URL: the task hub and the system key, if any. */
export interface WebhookSettings {
  readonly hubName: string;
  readonly systemKey?: string;
}

/** Seconds a client should wait before polling, sent with a check-status response (as Durable Functions does). */
export const CHECK_STATUS_RETRY_AFTER_SECONDS = 10;

/**
 * Builds the management URLs of `instanceId` under `baseUrl` (`http://host:port`).
 * @throws InvalidInstanceIdError when the id is not a valid instance id
 */
export function buildHttpManagementPayload(baseUrl: string, instanceId: string, settings: WebhookSettings): HttpManagementPayload {
  assertValidInstanceId(instanceId);
  const instance = `${baseUrl}${DURABLETASK_WEBHOOK_PATH}/instances/${encodeURIComponent(instanceId)}`;
  const query = `taskHub=${encodeURIComponent(settings.hubName)}` + (settings.systemKey !== undefined ? `&code=${encodeURIComponent(settings.systemKey)}` : '');
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}

/** The 202 Accepted response of the async HTTP pattern: the payload, `Location` and `Retry-After`. */
export function buildCheckStatusResponse(payload: HttpManagementPayload): HttpResponse {
  return {
    status: 202,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      location: payload.statusQueryGetUri,
      'retry-after': String(CHECK_STATUS_RETRY_AFTER_SECONDS),
    },
    body: payload,
  };
}
