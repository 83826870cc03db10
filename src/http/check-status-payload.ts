import { assertValidInstanceId } from '../model/instance-id';
import { DURABLETASK_WEBHOOK_PATH } from './http-config';
import type { HttpResponse } from './http-response';
import type { InstanceTokens } from './instance-token';

/**
 * The management URLs of one instance, as `createHttpManagementPayload` / the 202 check-status
 * response of Durable Functions return them. Every URL is absolute and carries `taskHub=`; with a
 * system key configured, see `buildHttpManagementPayload` for which carry `code=`. `{eventName}`
 * and `{text}` are placeholders for the caller to fill in.
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

/** What the URLs need besides the base URL: the task hub, the system key and its instance tokens, if any. */
export interface WebhookSettings {
  readonly hubName: string;
  readonly systemKey?: string;
  readonly instanceTokens?: InstanceTokens;
  /** The configured base URL (`extensions.http.baseUrl`); else the address a request came in on. */
  readonly baseUrl?: string;
}

/** Whether the caller the URLs are for presented the system key. */
export interface UrlAudience {
  readonly hasSystemKey: boolean;
}

/** Seconds a client should wait before polling, sent with a check-status response (as Durable Functions does). */
export const CHECK_STATUS_RETRY_AFTER_SECONDS = 10;

/**
 * Builds the management URLs of `instanceId` under `baseUrl` (`http://host:port`). With a system
 * key configured, only a caller who presented it gets it back (`code=` in every URL); any other
 * caller gets an instance token in the status, raise-event and terminate URLs, which opens those
 * routes for this instance alone, and the other URLs without a code (they need the system key).
 * @throws InvalidInstanceIdError when the id is not a valid instance id
 */
export function buildHttpManagementPayload(baseUrl: string, instanceId: string, settings: WebhookSettings, audience: UrlAudience): HttpManagementPayload {
  assertValidInstanceId(instanceId);
  const instance = `${baseUrl}${DURABLETASK_WEBHOOK_PATH}/instances/${encodeURIComponent(instanceId)}`;
  const hub = `taskHub=${encodeURIComponent(settings.hubName)}`;
  const withCode = (code: string | undefined): string => (code === undefined ? hub : `${hub}&code=${encodeURIComponent(code)}`);
  const systemCode = audience.hasSystemKey ? settings.systemKey : undefined;
  const full = withCode(systemCode);
  const scoped = withCode(systemCode ?? settings.instanceTokens?.issue(instanceId));
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${scoped}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${scoped}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${scoped}`,
    purgeHistoryDeleteUri: `${instance}?${full}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${full}`,
    restartPostUri: `${instance}/restart?${full}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${full}`,
    resumePostUri: `${instance}/resume?reason={text}&${full}`,
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
